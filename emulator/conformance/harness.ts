/**
 * Starts an emulator for a conformance file and points the real AWS SDK v3 clients at it the way a
 * user does: through AWS_ENDPOINT_URL_* in the environment (vitest runs each file in its own worker).
 */
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { fileURLToPath } from 'node:url';
import { controlClient } from '../control/client.js';
import { start, type Emulator, type StartOptions } from '../index.js';

export const DEFAULT_SEED = fileURLToPath(new URL('../seeds/default.yaml', import.meta.url));

export interface Harness {
  emulator: Emulator;
  ecs: ECSClient;
  codedeploy: CodeDeployClient;
  elbv2: ElasticLoadBalancingV2Client;
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** Jumps the virtual clock (tests freeze it with speed 0 to be deterministic). */
  advance(ms: number): Promise<void>;
}

export async function startHarness(options: StartOptions = {}): Promise<Harness> {
  const emulator = await start({ port: 0, seed: DEFAULT_SEED, ...options });
  Object.assign(process.env, emulator.env());
  const control = controlClient(emulator.url);
  return {
    emulator,
    ecs: new ECSClient({}),
    codedeploy: new CodeDeployClient({}),
    elbv2: new ElasticLoadBalancingV2Client({}),
    control,
    advance: async (ms) => {
      await control('POST', 'clock', { advanceMs: ms });
    },
  };
}

export function appSpec(taskDefinitionArn: string, hooks: Record<string, string> = {}): string {
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        TargetService: {
          Type: 'AWS::ECS::Service',
          Properties: {
            TaskDefinition: taskDefinitionArn,
            LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 },
          },
        },
      },
    ],
    ...(Object.keys(hooks).length
      ? { Hooks: Object.entries(hooks).map(([k, v]) => ({ [k]: v })) }
      : {}),
  });
}

export { eventually } from '../../test/support/eventually.js';

export async function caught(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
