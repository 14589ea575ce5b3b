import type { DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';
import type { EngineSnapshot, Timer } from '../deploy/snapshot.js';

const MINUTE = 60_000;

/**
 * The minutes between traffic steps of CodeDeploy's predefined ECS configurations (AWS docs,
 * "Deployment configurations on an Amazon ECS compute platform"). A custom configuration's steps
 * would cost a GetDeploymentConfig to know: without it, movement paces the watch.
 */
const PREDEFINED_STEPS: Record<string, Pick<Timer, 'what'> & { minutes: number }> = {
  'CodeDeployDefault.ECSCanary10Percent5Minutes': { what: 'canary-bake', minutes: 5 },
  'CodeDeployDefault.ECSCanary10Percent15Minutes': { what: 'canary-bake', minutes: 15 },
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': { what: 'step-bake', minutes: 1 },
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': { what: 'step-bake', minutes: 3 },
};

/** Since when, at the earliest, the deployment has been in its phase and at its weights (action's clock). */
export interface SeenSince {
  phase?: string;
  /** The earliest it can have begun (the read before), and when a read first saw it. */
  phaseSince?: number;
  phaseSeen?: number;
  traffic?: string;
  trafficSince?: number;
  trafficSeen?: number;
  /** The previous read: a change first seen now happened after it. */
  lastReadAt?: number;
  /** The first read (action's clock) and the deployment's createTime (CodeDeploy's). */
  firstReadAt?: number;
  createdAt?: number;
}

/** Slack for the comparison of the two clocks: network time and the first read's delay. */
const CLOCK_SLACK_MS = 5000;

/**
 * Whether CodeDeploy's clock runs faster than the action's: its timestamps (lifecycle events)
 * have moved on more since the deployment was created than the action's clock since it first read
 * it. On AWS the two run at the same rate; an emulator sped up for tests runs faster, and a wait
 * timed on the action's clock would then end long after CodeDeploy's. Updates `seen`; else pure.
 */
export function serverClockFaster(
  info: Pick<DeploymentInfo, 'createTime'>,
  target: DeploymentTarget | undefined,
  seen: SeenSince,
  nowMs: number,
): boolean {
  seen.firstReadAt ??= nowMs;
  seen.createdAt ??= info.createTime?.getTime();
  if (seen.createdAt === undefined) return false;
  const stamps = (target?.ecsTarget?.lifecycleEvents ?? []).flatMap((e) => [
    e.startTime?.getTime() ?? 0,
    e.endTime?.getTime() ?? 0,
  ]);
  const serverElapsed = Math.max(0, ...stamps) - seen.createdAt;
  return serverElapsed > 1.5 * (nowMs - seen.firstReadAt) + CLOCK_SLACK_MS;
}

/**
 * The waits CodeDeploy runs on a known clock at this point: the blue termination wait, and the
 * wait between traffic steps of a predefined canary or linear configuration. Counted on the
 * action's clock (CodeDeploy's own timestamps are on another: the emulator's, or a skewed one)
 * from the read before the one that first saw the phase or the weights (`endsAt`: the earliest it
 * can end) to that read (`endsBy`: the latest). The polls are due, every second, from one to a
 * moment after the other, so the end of the termination wait, which is the end of the deployment,
 * is seen within a second whenever in that window CodeDeploy ends it. Updates `seen`; otherwise pure.
 */
export function codeDeployTimers(
  info: Pick<DeploymentInfo, 'deploymentConfigName' | 'blueGreenDeploymentConfiguration'>,
  s: Pick<EngineSnapshot, 'phase' | 'revisions'>,
  seen: SeenSince,
  nowMs: number,
): Timer[] {
  const traffic = s.revisions.map((r) => `${r.label}:${r.productionPercent}`).join(' ');
  const since = seen.lastReadAt ?? nowMs;
  if (seen.phase !== s.phase)
    Object.assign(seen, { phase: s.phase, phaseSince: since, phaseSeen: nowMs });
  if (seen.traffic !== traffic)
    Object.assign(seen, { traffic, trafficSince: since, trafficSeen: nowMs });
  seen.lastReadAt = nowMs;
  const timers: Timer[] = [];
  const timer = (what: Timer['what'], from: number, to: number, minutes: number): Timer => ({
    what,
    endsAt: new Date(from + minutes * MINUTE),
    endsBy: new Date(to + minutes * MINUTE),
  });
  const wait =
    info.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess
      ?.terminationWaitTimeInMinutes;
  if (s.phase === 'cleaning-up' && wait !== undefined)
    timers.push(timer('termination-wait', seen.phaseSince!, seen.phaseSeen!, wait));
  const step = PREDEFINED_STEPS[info.deploymentConfigName ?? ''];
  const green = s.revisions.find((r) => r.role === 'target')?.productionPercent ?? 0;
  if (step && s.phase === 'shifting' && green > 0 && green < 100)
    timers.push(timer(step.what, seen.trafficSince!, seen.trafficSeen!, step.minutes));
  return timers;
}
