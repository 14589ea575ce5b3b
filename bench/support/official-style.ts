/**
 * What aws-actions/amazon-ecs-deploy-task-definition v2.6.3 does, call for call, written from its
 * published index.js (our code, not theirs): RegisterTaskDefinition, DescribeServices (exists? which
 * controller?), then
 * - CODE_DEPLOY: GetDeploymentGroup (for the Ready and termination waits it adds to the wait),
 *   CreateDeployment, and the SDK's waitUntilDeploymentSuccessful;
 * - ECS: UpdateService, the SDK's waitUntilServicesStable, and one more DescribeServices to check
 *   the new deployment was not rolled back.
 * Both waiters with the action's settings: minDelay 15 s, the waiter's own maxDelay, and
 * wait-for-minutes 30 (its default). The SDK waiter is the same function the action bundles, so its
 * delays (15 s, then a random 15 s-2^n·15 s) are reproduced exactly.
 */
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentGroupCommand,
  waitUntilDeploymentSuccessful,
} from '@aws-sdk/client-codedeploy';
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesStable,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { createHash } from 'node:crypto';

export const OFFICIAL_MIN_DELAY_S = 15;
export const OFFICIAL_WAIT_MINUTES = 30;

export interface OfficialRun {
  ecs: ECSClient;
  codedeploy: CodeDeployClient;
  cluster: string;
  service: string;
  taskDefinition: RegisterTaskDefinitionCommandInput;
  /** The AppSpec as the action reads it from appspec.yaml (CodeDeploy services). */
  appSpec?: Record<string, unknown>;
}

/** Deploys as the official action does with wait-for-service-stability: true; throws unless it succeeded. */
export async function deployOfficialStyle(run: OfficialRun): Promise<void> {
  const registered = await run.ecs.send(new RegisterTaskDefinitionCommand(run.taskDefinition));
  const taskDefArn = registered.taskDefinition!.taskDefinitionArn!;
  const described = await run.ecs.send(
    new DescribeServicesCommand({ cluster: run.cluster, services: [run.service] }),
  );
  const service = described.services![0]!;
  if (service.deploymentController?.type === 'CODE_DEPLOY')
    return codeDeployOfficialStyle(run, taskDefArn);
  return ecsOfficialStyle(run, taskDefArn, primaryId(service.deployments));
}

async function ecsOfficialStyle(run: OfficialRun, taskDefArn: string, before?: string) {
  const updated = await run.ecs.send(
    new UpdateServiceCommand({
      cluster: run.cluster,
      service: run.service,
      taskDefinition: taskDefArn,
      forceNewDeployment: false,
    }),
  );
  const after = primaryId(updated.service?.deployments);
  await waitUntilServicesStable(
    { client: run.ecs, minDelay: OFFICIAL_MIN_DELAY_S, maxWaitTime: OFFICIAL_WAIT_MINUTES * 60 },
    { cluster: run.cluster, services: [run.service] },
  );
  if (!after || after === before) return;
  const verify = await run.ecs.send(
    new DescribeServicesCommand({ cluster: run.cluster, services: [run.service] }),
  );
  const deployment = verify.services?.[0]?.deployments?.find((d) => d.id === after);
  if (deployment && deployment.status !== 'PRIMARY')
    throw new Error(`official-style: deployment ${after} was rolled back`);
}

async function codeDeployOfficialStyle(run: OfficialRun, taskDefArn: string) {
  const applicationName = `AppECS-${run.cluster}-${run.service}`;
  const deploymentGroupName = `DgpECS-${run.cluster}-${run.service}`;
  const group = await run.codedeploy.send(
    new GetDeploymentGroupCommand({ applicationName, deploymentGroupName }),
  );
  const content = JSON.stringify(withTaskDefinition(run.appSpec ?? {}, taskDefArn));
  const created = await run.codedeploy.send(
    new CreateDeploymentCommand({
      applicationName,
      deploymentGroupName,
      revision: {
        revisionType: 'AppSpecContent',
        appSpecContent: { content, sha256: createHash('sha256').update(content).digest('hex') },
      },
    }),
  );
  const blueGreen = group.deploymentGroupInfo?.blueGreenDeploymentConfiguration;
  const ready = blueGreen?.deploymentReadyOption?.waitTimeInMinutes ?? 0;
  const termination =
    blueGreen?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ?? 0;
  const result = await waitUntilDeploymentSuccessful(
    {
      client: run.codedeploy,
      minDelay: OFFICIAL_MIN_DELAY_S,
      maxWaitTime: Math.min(360, ready + termination + OFFICIAL_WAIT_MINUTES) * 60,
    },
    { deploymentId: created.deploymentId! },
  );
  if (result.state !== 'SUCCESS') throw new Error(`official-style: waiter ended ${result.state}`);
}

function primaryId(deployments: { id?: string; status?: string }[] | undefined) {
  return deployments?.find((d) => d.status === 'PRIMARY')?.id;
}

type Doc = Record<string, unknown>;

/** The key of `o` named `name` in any case, as the action looks AppSpec keys up. */
function key(o: Doc, name: string): string {
  return Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

/** Every resource's task definition property set to `arn`, as the action does. */
function withTaskDefinition(appSpec: Doc, arn: string): Doc {
  const copy = structuredClone(appSpec);
  for (const resource of (copy[key(copy, 'Resources')] ?? []) as Doc[])
    for (const contents of Object.values(resource) as Doc[]) {
      const props = contents[key(contents, 'Properties')] as Doc;
      props[key(props, 'TaskDefinition')] = arn;
    }
  return copy;
}
