/** bluegreen-deploy's `outcome` output: one word on every engine. */
export const DEPLOYMENT_OUTCOMES = [
  'succeeded',
  'failed',
  'rolled-back',
  'ready',
  'in-progress',
] as const;
export type DeploymentOutcome = (typeof DEPLOYMENT_OUTCOMES)[number];

/** Who carried out the deployment, as its id tells: a CodeDeploy id or an ECS service deployment ARN. */
export type DeploymentEngine = 'codedeploy' | 'ecs';

const SERVICE_DEPLOYMENT = /:service-deployment\/([^/]+)\/([^/]+)\/([^/]+)$/;

export function deploymentEngineOf(deploymentId: string | undefined): DeploymentEngine | undefined {
  if (!deploymentId) return undefined;
  if (SERVICE_DEPLOYMENT.test(deploymentId)) return 'ecs';
  return /^d-[A-Z0-9]{9}$/.test(deploymentId) ? 'codedeploy' : undefined;
}

/** `web/Ab12Cd…` from a service deployment ARN (an ARN is too long for a phone); other ids as they are. */
export function shortDeploymentId(deploymentId: string): string {
  const match = SERVICE_DEPLOYMENT.exec(deploymentId);
  return match ? `${match[2]}/${match[3]}` : deploymentId;
}

/** Each engine's words for the same stages, so a reader of either recognises the console's. */
const WORDS: Record<
  DeploymentEngine,
  { newer: string; older: string; hold: string; afterShift: string }
> = {
  ecs: {
    newer: 'new revision',
    older: 'previous revision',
    hold: 'held by the PAUSE hook at POST_TEST_TRAFFIC_SHIFT',
    afterShift: 'bake time',
  },
  codedeploy: {
    newer: 'replacement task set',
    older: 'original task set',
    hold: 'waiting in Ready',
    afterShift: 'termination wait',
  },
};

/**
 * Where the deployment stands, in one line, from what bluegreen-deploy reported (its outcome, the
 * traffic on the new version and the deployment id, which tells the engine). Pure; undefined
 * when there is no outcome to go by.
 */
export function deploymentStage(
  outcome: DeploymentOutcome | undefined,
  traffic: number | undefined,
  deploymentId: string | undefined,
): string | undefined {
  if (!outcome) return undefined;
  const w = WORDS[deploymentEngineOf(deploymentId) ?? 'codedeploy'];
  switch (outcome) {
    case 'ready':
      return `Test traffic: the ${w.newer} has all test traffic and no production traffic; ${w.hold} until promoted.`;
    case 'in-progress':
      if (traffic === undefined || traffic === 0)
        return 'In progress: no production traffic moved yet.';
      if (traffic < 100)
        return `Production traffic shift: ${traffic}% on the ${w.newer}, ${100 - traffic}% on the ${w.older}.`;
      return `${w.afterShift[0]!.toUpperCase()}${w.afterShift.slice(1)}: all production traffic on the ${w.newer}; the ${w.older} stays up for an instant rollback.`;
    case 'succeeded':
      return `Complete: all production traffic on the ${w.newer}; the ${w.older} is scaled down.`;
    case 'rolled-back':
      return `Rolled back: all production traffic on the ${w.older}.`;
    case 'failed':
      return `Failed: check the ${w.newer} in the console.`;
  }
}

/** Production traffic per revision: `new 10% · previous 90%` (ECS-native names revisions). */
export function trafficPerRevision(traffic: number): string {
  return `new ${traffic}% · previous ${Math.round((100 - traffic) * 10) / 10}%`;
}
