/** What the ECS-native end-to-end files share: reads of the emulated service and its deployments. */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { eventually, type Account } from './bluegreen-deploy-support.js';

export const ARN =
  /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/\w+\/web-native\/[\w-]+$/;

export async function serviceDeployment(acc: Account, arn: string) {
  const out = await acc.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return out.serviceDeployments![0]!;
}

export async function service(acc: Account, cluster: string) {
  const out = await acc.ecs.send(
    new DescribeServicesCommand({ cluster, services: ['web-native'] }),
  );
  return out.services![0]!;
}

/** Infrastructure declares a PAUSE hook at POST_TEST_TRAFFIC_SHIFT on staging/web-native. */
export async function addPauseHook(
  acc: Account,
  timeoutInMinutes = 60,
  bakeTimeInMinutes?: number,
) {
  const before = await service(acc, 'staging');
  await acc.ecs.send(
    new UpdateServiceCommand({
      cluster: 'staging',
      service: 'web-native',
      deploymentConfiguration: {
        ...before.deploymentConfiguration,
        ...(bakeTimeInMinutes === undefined ? {} : { bakeTimeInMinutes }),
        lifecycleHooks: [
          {
            targetType: 'PAUSE',
            lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
            timeoutConfiguration: { timeoutInMinutes, action: 'ROLLBACK' },
          },
        ],
      },
    }),
  );
  // Whatever that update started must end before the action's deploy (on-conflict: fail).
  await eventually(
    () =>
      acc.ecs.send(
        new ListServiceDeploymentsCommand({
          cluster: 'staging',
          service: 'web-native',
          status: [
            'PENDING',
            'IN_PROGRESS',
            'STOP_REQUESTED',
            'ROLLBACK_REQUESTED',
            'ROLLBACK_IN_PROGRESS',
          ],
        }),
      ),
    (out) => (out.serviceDeployments ?? []).length === 0,
  );
}
