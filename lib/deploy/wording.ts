import { progressLines, stateLine } from './progress.js';
import type { EngineSnapshot } from './snapshot.js';

/**
 * How the shared watch words what it logs and the reasons it ends with. Engines share one
 * decision; an engine whose users already know its own words (CodeDeploy's "Ready gate",
 * "StopDeployment", Blue/Green task sets) brings them with its adapter, so moving it onto the
 * shared watch changes nothing they read.
 */
export interface EngineWording {
  /** The gate as reasons name it: "the gate failed: …", "… while the gate ran". */
  gate: string;
  /** Logged when the gate starts. */
  gateStarts: string;
  /** Logged before a hold is continued, after a passed gate or with no gate configured. */
  continuing(holdId: string, gatePassed: boolean): string;
  /** The continue call as a failure names it: "<continueCall> failed: …". */
  continueCall(holdId: string, deploymentId: string): string;
  /** The stop call as failures name it: "<stopCall> with rollback sent". */
  stopCall: string;
  /** Logged when the stop call fails: "<stopFailed>: <error>". */
  stopFailed: string;
  /** "the stop of <id>", "StopDeployment <id>": the failed stop of one deployment. */
  stopOf(deploymentId: string): string;
  /** The engine's word for a deployment that succeeded: "… succeeded before the stop took effect". */
  succeededWord: string;
  /** What stays running once production traffic is on the replacement (wait-until: traffic-shifted). */
  afterShift: string;
  /** One line for where a deployment is (the timeout reason's "last state"). */
  stateLine(s: EngineSnapshot): string;
  /** What changed between two reads, as log lines (service events are tallied apart). */
  progressLines(prev: EngineSnapshot | undefined, next: EngineSnapshot, nowMs: number): string[];
}

/** The words of the ECS engines (native and rolling), and of any engine that brings none. */
export const SHARED_WORDING: EngineWording = {
  gate: 'the gate',
  gateStarts: 'Held at test traffic: running the gate',
  continuing: (holdId, gatePassed) =>
    gatePassed
      ? `Promoting: continuing ${holdId}`
      : `Held and no gate configured: continuing ${holdId}`,
  continueCall: (holdId) => `continuing ${holdId}`,
  stopCall: 'stop',
  stopFailed: 'The stop failed',
  stopOf: (id) => `the stop of ${id}`,
  succeededWord: 'succeeded',
  afterShift: 'the old revision stays until the bake and clean-up end',
  stateLine,
  progressLines,
};
