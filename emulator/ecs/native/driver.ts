/**
 * The thin driver the scheduler calls each pass: observe the account, ask `nextNativeStep`, apply
 * the decision (task-set scale, listener-rule weights, hooks, statuses, events), repeat until
 * nothing changes at this virtual instant.
 */
import { addServiceEvent, computedDesiredCount, drainTaskSet, liveTasks } from '../runtime.js';
import type { EmulatorState, Service } from '../../state.js';
import { closeHooks, swapTargetGroups } from './deployment.js';
import { invokeLambda, notifyRollback, startPhaseHooks } from './hooks.js';
import { isTerminal, type NativeDeployment } from './model.js';
import { nextNativeStep, REASONS, type Decision, type Observations } from './stages.js';
import { nativeStore } from './store.js';
import { networkProblem, shiftProduction, shiftTest } from './traffic.js';

function serviceOf(state: EmulatorState, d: NativeDeployment): Service | undefined {
  return state.ecs.clusters.get(d.clusterName)?.services.get(d.serviceName);
}

export function observe(state: EmulatorState, service: Service, d: NativeDeployment): Observations {
  const cluster = state.ecs.clusters.get(service.clusterName)!;
  const green = service.taskSets.find((t) => t.id === d.greenTaskSetId);
  const greenLive = green ? liveTasks(cluster, green) : [];
  const blue = service.taskSets.find((t) => t.id === d.blueTaskSetId);
  const others = service.taskSets.filter((t) => t !== green && t !== blue);
  const alarms = d.configuration.alarms;
  const alarm = alarms?.enable
    ? (alarms.alarmNames as string[] | undefined)?.find(
        (n) => state.codedeploy.alarms.get(n) === 'ALARM',
      )
    : undefined;
  const problem = networkProblem(state, d);
  return {
    greenReady:
      !!green &&
      greenLive.length === computedDesiredCount(service, green) &&
      greenLive.every((t) => t.healthStatus === 'HEALTHY'),
    greenFailures: cluster.tasks.filter(
      (t) =>
        t.taskSetId === d.greenTaskSetId &&
        t.lastStatus === 'STOPPED' &&
        !(t.stoppedReason ?? '').startsWith('Scaling activity'),
    ).length,
    greenLive: greenLive.length,
    blueLive: blue ? liveTasks(cluster, blue).length : 0,
    otherLive: others.reduce((n, t) => n + liveTasks(cluster, t).length, 0),
    ...(alarm ? { alarm } : {}),
    ...(problem ? { networkProblem: problem } : {}),
  };
}

/** Moves every unfinished native deployment as far as `now` allows. Returns true on any change. */
export function advanceNativeDeployments(
  state: EmulatorState,
  now: number,
  clock: () => number = () => now,
): boolean {
  let changed = false;
  for (const d of nativeStore(state).deployments.values()) {
    if (isTerminal(d) || d.strategy === 'ROLLING') continue;
    const service = serviceOf(state, d);
    if (!service) continue;
    for (let i = 0; i < 200; i++) {
      const obs = observe(state, service, d);
      d.circuitBreaker.failureCount = obs.greenFailures;
      const decision = nextNativeStep(d, now, obs);
      if (decision.do === 'none') break;
      apply(state, service, d, decision, now, clock);
      d.updatedAt = now;
      changed = true;
    }
  }
  return changed;
}

function apply(
  state: EmulatorState,
  service: Service,
  d: NativeDeployment,
  decision: Decision,
  now: number,
  clock: () => number,
): void {
  switch (decision.do) {
    case 'start':
      d.status = 'IN_PROGRESS';
      d.startedAt = now;
      d.phaseSince = now;
      d.settleMs = settleOf(state, d);
      return;
    case 'enter':
      return enterPhase(state, service, d, now);
    case 'start-hooks':
      return startPhaseHooks(state, d, now);
    case 'invoke':
      return invokeLambda(state, d, decision.hook, now, clock);
    case 'hook-timeout':
      decision.hook.status = 'TIMED_OUT';
      decision.hook.finishedAt = now;
      return;
    case 'next':
      d.phaseIndex += 1;
      d.phaseSince = now;
      d.phaseEntered = false;
      d.hooksStarted = false;
      d.settleMs = settleOf(state, d);
      return;
    case 'finish':
      return finish(service, d, now);
    case 'fail':
      if (decision.alarm) d.alarmsTriggered.push(decision.alarm);
      if (decision.breaker) d.circuitBreaker.tripped = true;
      if (decision.rollback) {
        d.statusReason = decision.reason;
        return beginRollback(state, service, d, now);
      }
      closeHooks(d, now);
      d.status = 'STOP_REQUESTED';
      d.stopRequestedAt = now;
      d.statusReason = decision.reason;
      d.stopRequest = undefined;
      event(service, d, `deployment failed: ${decision.reason}`, now);
      return;
    case 'begin-rollback':
      d.statusReason ??= d.stopRequest?.reason ?? REASONS.user;
      return beginRollback(state, service, d, now);
    case 'rollback-done':
      d.status = 'ROLLBACK_SUCCESSFUL';
      d.finishedAt = now;
      event(service, d, 'rollback completed.', now);
      return;
    case 'stopped':
      d.status = 'STOPPED';
      d.stoppedAt = now;
      d.finishedAt = now;
      return;
  }
}

/** The jitter the phase now starting runs past its modelled end: timer lag on bakes, deregistration on clean-up. */
function settleOf(state: EmulatorState, d: NativeDeployment): number {
  const phase = d.plan[d.phaseIndex];
  if (!state.jitter || !phase) return 0;
  if (phase.stage === 'CLEAN_UP') return state.jitter.deregistrationMs();
  return phase.waitMs ? state.jitter.timerLagMs() : 0;
}

function enterPhase(
  state: EmulatorState,
  service: Service,
  d: NativeDeployment,
  now: number,
): void {
  const phase = d.plan[d.phaseIndex]!;
  d.phaseEntered = true;
  d.lifecycleStage = phase.reported;
  const green = service.taskSets.find((t) => t.id === d.greenTaskSetId);
  const blue = service.taskSets.find((t) => t.id === d.blueTaskSetId);
  if (phase.stage === 'SCALE_UP' && green) {
    green.scale = 100;
    green.updatedAt = now;
    service.steady = false;
  }
  if (phase.stage === 'TEST_TRAFFIC_SHIFT') shiftTest(state, d, true);
  if (phase.productionPercent !== undefined) shiftProduction(state, d, phase.productionPercent);
  if (phase.stage === 'CLEAN_UP' && blue) {
    drainTaskSet(service, blue, now);
    // Jitter: the old tasks deregister from the target group before they stop.
    if (d.settleMs) blue.drainUntil = now + d.settleMs;
  }
}

function finish(service: Service, d: NativeDeployment, now: number): void {
  d.status = 'SUCCESSFUL';
  d.finishedAt = now;
  d.lifecycleStage = 'CLEAN_UP';
  if (d.blueTaskSetId) swapTargetGroups(service, d);
  event(service, d, 'deployment completed.', now);
}

/** Spec §4.2: production and test back to blue, green stopped, the service back on blue's task definition. */
function beginRollback(
  state: EmulatorState,
  service: Service,
  d: NativeDeployment,
  now: number,
): void {
  closeHooks(d, now);
  d.stopRequest = undefined;
  const blue = service.taskSets.find((t) => t.id === d.blueTaskSetId);
  const green = service.taskSets.find((t) => t.id === d.greenTaskSetId);
  const reason = d.statusReason ?? REASONS.user;
  if (!blue || blue.status === 'DRAINING') {
    d.status = 'ROLLBACK_FAILED';
    d.statusReason = REASONS.noCandidate;
    d.finishedAt = now;
    event(service, d, `rollback failed: ${REASONS.noCandidate}.`, now);
    return;
  }
  d.status = 'ROLLBACK_IN_PROGRESS';
  d.rollback = { reason, startedAt: now, serviceRevisionArn: d.sourceRevisionArns[0]! };
  shiftProduction(state, d, 0);
  shiftTest(state, d, false);
  notifyRollback(state, d);
  blue.status = 'PRIMARY';
  blue.scale = 100;
  blue.updatedAt = now;
  service.taskDefinition = blue.taskDefinition;
  if (green) drainTaskSet(service, green, now);
  event(service, d, `deployment failed: ${reason} Rolling back to ${blue.id}.`, now);
}

function event(service: Service, d: NativeDeployment, text: string, now: number): void {
  addServiceEvent(
    service,
    `(service ${service.serviceName}) (deployment ${d.ecsSvcId}) ${text}`,
    now,
  );
}
