/**
 * The ECS blue/green deployment state machine (spec A.7). `advanceDeployment(d, now, world)` moves
 * one deployment as far as virtual time `now` allows; everything it does to ECS, ELB and hooks
 * goes through the `DeploymentWorld` port, so the machine itself has no I/O and is unit-tested
 * with a fake world.
 */
import { readAppSpec } from './appspec.js';
import {
  TERMINAL,
  type DeploymentRecord,
  type LifecycleEvent,
  type DeploymentPlan,
  type LifecycleEventName,
} from './model.js';
import { trafficSchedule } from './traffic.js';

const MINUTE = 60_000;
/** How long a deployment shows `Created` before it starts [infer]. */
export const CREATED_MS = 3_000;
/** StopDeployment answers Pending; the deployment is Stopped this much later [infer]. */
export const STOP_DELAY_MS = 2_000;
/** A hook must report within one hour (spec A.10). */
export const HOOK_TIMEOUT_MS = 60 * MINUTE;
/** Install waits up to 60 minutes for the green task set (spec A.7.2). */
export const INSTALL_TIMEOUT_MS = 60 * MINUTE;

export type GreenHealth = 'healthy' | 'pending' | 'unhealthy';

/** Why an alarm stops a deployment: it is in ALARM, or its state cannot be read. */
export interface AlarmVerdict {
  name: string;
  state: 'ALARM' | 'UNREADABLE';
}

export interface DeploymentWorld {
  /** ECS CreateTaskSet for green on the target group not used by the PRIMARY set. */
  createGreenTaskSet(
    d: DeploymentRecord,
    plan: DeploymentPlan,
  ):
    | { ok: true; blueTaskSetId: string; greenTaskSetId: string }
    | { ok: false; code: string; message: string };
  greenHealth(d: DeploymentRecord): GreenHealth;
  routeTestTraffic(d: DeploymentRecord, to: 'green' | 'blue'): void;
  shiftProductionTraffic(d: DeploymentRecord, greenPercent: number): void;
  /** UpdateServicePrimaryTaskSet(green): blue becomes ACTIVE at weight 0. */
  promoteGreen(d: DeploymentRecord): void;
  /** DeleteTaskSet(blue) after the termination wait. */
  terminateBlue(d: DeploymentRecord): void;
  startHook(d: DeploymentRecord, event: LifecycleEventName, functionName: string): string;
  hookState(executionId: string): 'Pending' | 'Succeeded' | 'Failed' | 'TimedOut';
  /**
   * An alarm of the deployment's alarm configuration that stops it: one in ALARM, or (unless
   * `ignorePollAlarmFailure`) one whose state cannot be read because CloudWatch has no such alarm.
   */
  activeAlarm(d: DeploymentRecord): AlarmVerdict | undefined;
  /** Starts the rollback deployment for `failed`; returns its id. */
  startRollback(failed: DeploymentRecord): string;
  /** For a rollback deployment: traffic back to blue, blue PRIMARY, green deleted. */
  undo(rollback: DeploymentRecord): void;
  /** Group bookkeeping once a deployment is terminal. */
  finished(d: DeploymentRecord): void;
  /** Jitter: how late CodeDeploy acts on the end of the termination wait (none when absent). */
  timerLagMs?(): number;
}

export function lifecycleEventNames(
  hasTestRoute: boolean,
  rollback: boolean,
): LifecycleEventName[] {
  if (rollback) return ['BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic'];
  return [
    'BeforeInstall',
    'Install',
    'AfterInstall',
    ...(hasTestRoute ? (['AllowTestTraffic', 'AfterAllowTestTraffic'] as const) : []),
    'BeforeAllowTraffic',
    'AllowTraffic',
    'AfterAllowTraffic',
  ];
}

export function isTerminal(d: DeploymentRecord): boolean {
  return TERMINAL.includes(d.status);
}

/** Advances `d` to virtual time `now`. Returns true when anything changed. */
export function advanceDeployment(
  d: DeploymentRecord,
  now: number,
  world: DeploymentWorld,
): boolean {
  let changed = false;
  for (let i = 0; i < 1000 && !isTerminal(d); i++) {
    if (!step(d, now, world)) break;
    changed = true;
    d.lastUpdatedAt = now;
  }
  return changed;
}

function step(d: DeploymentRecord, now: number, world: DeploymentWorld): boolean {
  if (d.stopRequest && now >= d.stopRequest.at) {
    const rollback = d.stopRequest.rollback ?? rollbackOn(d, 'DEPLOYMENT_STOP_ON_REQUEST');
    end(
      d,
      now,
      world,
      'Stopped',
      'MANUAL_STOP',
      'The deployment was stopped by a user request.',
      rollback,
    );
    return true;
  }
  const phase = d.phase;
  if (phase.name !== 'created' && d.creator === 'user') {
    const alarm = world.activeAlarm(d);
    if (alarm) {
      end(
        d,
        now,
        world,
        'Stopped',
        'ALARM_ACTIVE',
        alarm.state === 'ALARM'
          ? `One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <${alarm.name}>`
          : `The deployment was stopped because the state of alarm <${alarm.name}> could not be retrieved from Amazon CloudWatch (no such alarm). Create the alarm, or set ignorePollAlarmFailure to continue without it.`,
        rollbackOn(d, 'DEPLOYMENT_STOP_ON_ALARM'),
      );
      return true;
    }
  }
  switch (phase.name) {
    case 'created': {
      if (now - d.createTime < CREATED_MS) return false;
      d.status = 'InProgress';
      d.targetStatus = 'InProgress';
      d.startTime = now;
      if (d.creator === 'user') {
        const reading = readAppSpec(d.content);
        if (!reading.ok) {
          end(
            d,
            now,
            world,
            'Failed',
            'INVALID_REVISION',
            reading.message,
            rollbackOn(d, 'DEPLOYMENT_FAILURE'),
          );
          return true;
        }
        d.plan = reading.plan;
      }
      startEvent(d, 0, now, world);
      return true;
    }
    case 'event':
      return progressEvent(d, phase, now, world);
    case 'ready-wait': {
      if (d.continueReady) {
        d.status = 'InProgress';
        d.targetStatus = 'InProgress';
        startEvent(d, indexOf(d, 'BeforeAllowTraffic'), now, world);
        return true;
      }
      if (now - phase.since >= d.readyOption.waitTimeInMinutes * MINUTE) {
        end(
          d,
          now,
          world,
          'Stopped',
          'TIMEOUT',
          `The deployment timed out while waiting for traffic to be rerouted. The wait time was ${d.readyOption.waitTimeInMinutes} minutes.`,
          rollbackOn(d, 'DEPLOYMENT_STOP_ON_REQUEST'),
        );
        return true;
      }
      return false;
    }
    case 'termination-wait': {
      const waitMs = d.terminationWaitTimeInMinutes * MINUTE + (phase.lagMs ?? 0);
      if (d.continueTermination || now - phase.since >= waitMs) {
        world.terminateBlue(d);
        d.status = 'Succeeded';
        d.completeTime = now;
        d.phase = { name: 'done' };
        world.finished(d);
        return true;
      }
      return false;
    }
    default:
      return false;
  }
}

function progressEvent(
  d: DeploymentRecord,
  phase: Extract<DeploymentRecord['phase'], { name: 'event' }>,
  now: number,
  world: DeploymentWorld,
): boolean {
  const event = d.lifecycleEvents[phase.index]!;
  const name = event.lifecycleEventName;
  if (phase.hookExecutionId) {
    const state = world.hookState(phase.hookExecutionId);
    const fn = d.plan?.hooks[name] ?? '';
    if (state === 'Succeeded') return completeEvent(d, phase.index, now, world);
    if (state === 'Failed') {
      event.diagnostics = diagnostics(
        'ScriptFailed',
        fn,
        `The lifecycle hook ${fn} reported Failed.`,
      );
      end(
        d,
        now,
        world,
        'Failed',
        'HOOK_EXECUTION_FAILURE',
        `The deployment failed because a lifecycle event hook failed: ${fn} reported Failed for ${name}.`,
        rollbackOn(d, 'DEPLOYMENT_FAILURE'),
      );
      return true;
    }
    if (state === 'TimedOut' || now - phase.since >= HOOK_TIMEOUT_MS) {
      event.diagnostics = diagnostics(
        'ScriptTimedOut',
        fn,
        'The lifecycle hook did not report a status within 60 minutes.',
      );
      end(
        d,
        now,
        world,
        'Failed',
        'TIMEOUT',
        `The deployment failed because the lifecycle event hook ${fn} for ${name} did not report a status within 60 minutes.`,
        rollbackOn(d, 'DEPLOYMENT_FAILURE'),
      );
      return true;
    }
    return false;
  }
  if (name === 'Install') {
    const health = world.greenHealth(d);
    if (health === 'healthy') return completeEvent(d, phase.index, now, world);
    if (now - phase.since >= INSTALL_TIMEOUT_MS) {
      end(
        d,
        now,
        world,
        'Failed',
        'TIMEOUT',
        health === 'unhealthy'
          ? 'The deployment timed out while waiting for the replacement task set to become healthy. This time out period is 60 minutes. Tasks of the replacement task set failed ELB health checks.'
          : 'The deployment timed out while waiting for the replacement task set to become healthy. This time out period is 60 minutes.',
        rollbackOn(d, 'DEPLOYMENT_FAILURE'),
      );
      return true;
    }
    return false;
  }
  if (name === 'AllowTraffic' && d.creator === 'user') {
    const steps = trafficSchedule(d.trafficRouting);
    const applied = phase.applied ?? 0;
    const due = steps.filter((s, i) => i >= applied && now - phase.since >= s.offsetMs);
    if (due.length === 0) return false;
    const last = due[due.length - 1]!;
    d.greenWeight = last.greenPercent;
    world.shiftProductionTraffic(d, last.greenPercent);
    phase.applied = applied + due.length;
    if (last.greenPercent >= 100) {
      world.promoteGreen(d);
      return completeEvent(d, phase.index, now, world);
    }
    return true;
  }
  return false;
}

/** Starts event `index`; events without anything to wait for complete at once. */
function startEvent(d: DeploymentRecord, index: number, now: number, world: DeploymentWorld): void {
  const event = d.lifecycleEvents[index];
  if (!event) return afterLastEvent(d, now, world);
  event.status = 'InProgress';
  event.startTime = now;
  const phase: Extract<DeploymentRecord['phase'], { name: 'event' }> = {
    name: 'event',
    index,
    since: now,
  };
  d.phase = phase;
  const name = event.lifecycleEventName;
  if (d.creator === 'codeDeployRollback') {
    if (name === 'AllowTraffic') world.undo(d);
    completeEvent(d, index, now, world);
    return;
  }
  const hook = d.plan?.hooks[name];
  if (hook) {
    phase.hookExecutionId = world.startHook(d, name, hook);
    return;
  }
  switch (name) {
    case 'Install': {
      const created = world.createGreenTaskSet(d, d.plan!);
      if (!created.ok) {
        end(
          d,
          now,
          world,
          'Failed',
          created.code,
          created.message,
          rollbackOn(d, 'DEPLOYMENT_FAILURE'),
        );
        return;
      }
      d.blueTaskSetId = created.blueTaskSetId;
      d.greenTaskSetId = created.greenTaskSetId;
      return; // waits for health
    }
    case 'AllowTestTraffic':
      world.routeTestTraffic(d, 'green');
      completeEvent(d, index, now, world);
      return;
    case 'AllowTraffic':
      phase.applied = 0;
      return; // steps run in progressEvent
    default:
      completeEvent(d, index, now, world);
  }
}

function completeEvent(
  d: DeploymentRecord,
  index: number,
  now: number,
  world: DeploymentWorld,
): true {
  const event = d.lifecycleEvents[index]!;
  event.status = 'Succeeded';
  event.endTime = now;
  const readyPoint: LifecycleEventName = d.hasTestRoute ? 'AfterAllowTestTraffic' : 'AfterInstall';
  if (
    d.creator === 'user' &&
    event.lifecycleEventName === readyPoint &&
    d.readyOption.actionOnTimeout === 'STOP_DEPLOYMENT'
  ) {
    d.phase = { name: 'ready-wait', since: now };
    d.status = 'Ready';
    d.targetStatus = 'Ready';
    return true;
  }
  startEvent(d, index + 1, now, world);
  return true;
}

function afterLastEvent(d: DeploymentRecord, now: number, world: DeploymentWorld): void {
  if (d.creator === 'codeDeployRollback') {
    d.status = 'Succeeded';
    d.targetStatus = 'Succeeded';
    d.completeTime = now;
    d.phase = { name: 'done' };
    world.finished(d);
    return;
  }
  // Target Succeeded while the deployment stays InProgress for the blue termination wait (spec A.7.2).
  d.targetStatus = 'Succeeded';
  d.phase = { name: 'termination-wait', since: now, lagMs: world.timerLagMs?.() ?? 0 };
}

function end(
  d: DeploymentRecord,
  now: number,
  world: DeploymentWorld,
  status: 'Failed' | 'Stopped',
  code: string,
  message: string,
  rollback: boolean,
): void {
  for (const event of d.lifecycleEvents) {
    if (event.status === 'InProgress') {
      event.status = 'Failed';
      event.endTime = now;
    } else if (event.status === 'Pending') {
      event.status = 'Skipped';
    }
  }
  d.status = status;
  d.targetStatus = 'Failed';
  d.completeTime = now;
  d.errorInformation = { code, message };
  d.phase = { name: 'done' };
  d.stopRequest = undefined;
  if (rollback && d.creator === 'user') {
    const rollbackId = world.startRollback(d);
    d.rollbackInfo = { ...d.rollbackInfo, rollbackDeploymentId: rollbackId };
  }
  world.finished(d);
}

function rollbackOn(d: DeploymentRecord, event: string): boolean {
  return d.autoRollbackConfiguration.enabled && d.autoRollbackConfiguration.events.includes(event);
}

function indexOf(d: DeploymentRecord, name: LifecycleEventName): number {
  return d.lifecycleEvents.findIndex((e) => e.lifecycleEventName === name);
}

function diagnostics(
  errorCode: string,
  scriptName: string,
  message: string,
): LifecycleEvent['diagnostics'] {
  return { errorCode, scriptName, message, logTail: '' };
}
