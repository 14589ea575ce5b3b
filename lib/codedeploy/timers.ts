import type { DeploymentInfo } from '@aws-sdk/client-codedeploy';
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
  phaseSince?: number;
  traffic?: string;
  trafficSince?: number;
  /** The previous read: a change first seen now happened after it. */
  lastReadAt?: number;
}

/**
 * The waits CodeDeploy runs on a known clock at this point: the blue termination wait, and the
 * wait between traffic steps of a predefined canary or linear configuration. Counted on the
 * action's clock (CodeDeploy's own timestamps are on another: the emulator's, or a skewed one)
 * from the read before the one that first saw the phase or the weights: the earliest moment they
 * can have begun. So a timer never ends after CodeDeploy's (the end of the termination wait is
 * the end of the deployment, seen within a second by the polls after a timer); it ends at most
 * one poll interval before it. Updates `seen`; otherwise pure.
 */
export function codeDeployTimers(
  info: Pick<DeploymentInfo, 'deploymentConfigName' | 'blueGreenDeploymentConfiguration'>,
  s: Pick<EngineSnapshot, 'phase' | 'revisions'>,
  seen: SeenSince,
  nowMs: number,
): Timer[] {
  const traffic = s.revisions.map((r) => `${r.label}:${r.productionPercent}`).join(' ');
  const since = seen.lastReadAt ?? nowMs;
  if (seen.phase !== s.phase) Object.assign(seen, { phase: s.phase, phaseSince: since });
  if (seen.traffic !== traffic) Object.assign(seen, { traffic, trafficSince: since });
  seen.lastReadAt = nowMs;
  const timers: Timer[] = [];
  const wait =
    info.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess
      ?.terminationWaitTimeInMinutes;
  if (s.phase === 'cleaning-up' && wait !== undefined)
    timers.push({ what: 'termination-wait', endsAt: new Date(seen.phaseSince! + wait * MINUTE) });
  const step = PREDEFINED_STEPS[info.deploymentConfigName ?? ''];
  const green = s.revisions.find((r) => r.role === 'target')?.productionPercent ?? 0;
  if (step && s.phase === 'shifting' && green > 0 && green < 100)
    timers.push({ what: step.what, endsAt: new Date(seen.trafficSince! + step.minutes * MINUTE) });
  return timers;
}
