/**
 * Starts an emulator for a conformance file and points the real AWS SDK v3 clients at it the way a
 * user does: through AWS_ENDPOINT_URL_* in the environment (vitest runs each file in its own worker).
 */
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { fileURLToPath } from 'node:url';
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
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}/_emulator/${path}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const json = await res.json();
    if (!res.ok)
      throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
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

/** Polls `read` until `done` holds (real time bound). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function caught(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
