/**
 * What the bluegreen-deploy end-to-end files share: a fresh emulator per test, the files
 * render-taskdef writes for the deploy, the control API, and real SDK clients to read the
 * emulated account back after the action has run.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodeDeployClient,
  GetDeploymentCommand,
  ListDeploymentsCommand,
  type DeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll } from 'vitest';
import { controlClient } from '../../emulator/control/client.js';
import { start, type Emulator } from '../../emulator/index.js';
import { runAction, type ActionRun, type RunOptions } from '../support/run-action.js';

export const SEED = 'emulator/seeds/default.yaml';
export const NEW_IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:${'e'.repeat(64)}`;
const TD_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web';
export const webArn = (revision: number) => `${TD_ARN}:${revision}`;
export const ALL_AT_ONCE = 'CodeDeployDefault.ECSAllAtOnce';
export const CANARY = 'CodeDeployDefault.ECSCanary10Percent5Minutes';
export const LINEAR = 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes';

export interface Rendered {
  taskDefinition: string;
  appspec: string;
}

/** Runs render-taskdef once against the seeded staging/web, as a workflow's previous step does. */
export async function renderFiles(): Promise<Rendered> {
  const emulator = await start({ port: 0, seed: SEED });
  try {
    const run = await runAction('render-taskdef', {
      inputs: {
        'task-definition': 'service:staging/web',
        image: NEW_IMAGE,
        verify: 'false',
        'output-dir': mkdtempSync(join(tmpdir(), 'bluegreen-e2e-')),
      },
      env: emulator.env(),
    });
    if (run.code !== 0) throw new Error(`render-taskdef failed: ${run.stdout}${run.stderr}`);
    return { taskDefinition: run.outputs['task-definition']!, appspec: run.outputs.appspec! };
  } finally {
    await emulator.stop();
  }
}

/** One emulated account with the default seed, and clients that read it the way users do. */
export class Account {
  readonly codedeploy: CodeDeployClient;
  readonly ecs: ECSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;

  private constructor(readonly emulator: Emulator) {
    // The SDK takes endpoints only from AWS_ENDPOINT_URL_*; vitest runs each file in its own worker.
    Object.assign(process.env, emulator.env());
    this.codedeploy = new CodeDeployClient({});
    this.ecs = new ECSClient({});
    this.elbv2 = new ElasticLoadBalancingV2Client({});
  }

  static async start(speed: number): Promise<Account> {
    return new Account(await start({ port: 0, seed: SEED, speed }));
  }

  async stop(): Promise<void> {
    this.codedeploy.destroy();
    this.ecs.destroy();
    this.elbv2.destroy();
    await this.emulator.stop();
  }

  run(inputs: Record<string, string>, options: Omit<RunOptions, 'inputs' | 'env'> = {}) {
    return runAction('bluegreen-deploy', {
      timeoutMs: 90_000,
      ...options,
      inputs,
      env: this.emulator.env(),
    });
  }

  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return controlClient(this.emulator.url)<T>(method, path, body);
  }

  /** API calls per operation since the last reset (`codedeploy.GetDeployment`: n). */
  async calls(): Promise<{ total: number; byOperation: Record<string, number> }> {
    return this.control<{ total: number; byOperation: Record<string, number> }>('GET', 'calls');
  }

  async deployment(deploymentId: string): Promise<DeploymentInfo> {
    const out = await this.codedeploy.send(new GetDeploymentCommand({ deploymentId }));
    return out.deploymentInfo!;
  }

  async deploymentsOf(cluster: string): Promise<string[]> {
    const out = await this.codedeploy.send(
      new ListDeploymentsCommand({
        applicationName: `AppECS-${cluster}-web`,
        deploymentGroupName: `DgpECS-${cluster}-web`,
      }),
    );
    return out.deployments ?? [];
  }

  /** Target group name → weight on the production listener (port 80) of <cluster>-web. */
  async productionWeights(cluster: string): Promise<Record<string, number>> {
    const lbs = await this.elbv2.send(
      new DescribeLoadBalancersCommand({ Names: [`${cluster}-web`] }),
    );
    const listeners = await this.elbv2.send(
      new DescribeListenersCommand({ LoadBalancerArn: lbs.LoadBalancers![0]!.LoadBalancerArn }),
    );
    const production = listeners.Listeners!.find((l) => l.Port === 80)!;
    const groups = await this.elbv2.send(new DescribeTargetGroupsCommand({}));
    const nameOf = new Map(groups.TargetGroups!.map((g) => [g.TargetGroupArn, g.TargetGroupName]));
    const forward = production.DefaultActions![0]!.ForwardConfig!.TargetGroups!;
    return Object.fromEntries(forward.map((t) => [nameOf.get(t.TargetGroupArn!)!, t.Weight ?? 0]));
  }

  /** Registers the rendered file directly, as a pipeline that registers in its own step would. */
  async register(rendered: Rendered): Promise<string> {
    const td = JSON.parse(readFileSync(rendered.taskDefinition, 'utf8'));
    const out = await this.ecs.send(new RegisterTaskDefinitionCommand(td));
    return out.taskDefinition!.taskDefinitionArn!;
  }
}

export { eventually } from '../support/eventually.js';

/** The one ::error:: line of a failed run. */
export function errorLine(run: ActionRun): string {
  const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
  if (errors.length !== 1)
    throw new Error(`expected one ::error:: line, got ${errors.length}:\n${run.stdout}`);
  return errors[0]!;
}

/** Green weights in the order the action printed its "Traffic: Blue x% / Green y%" lines. */
export function greenWeights(stdout: string): number[] {
  return [...stdout.matchAll(/Traffic: Blue (\d+(?:\.\d+)?)% \/ Green (\d+(?:\.\d+)?)%/g)].map(
    (m) => {
      expect100(Number(m[1]) + Number(m[2]), m[0]);
      return Number(m[2]);
    },
  );
}

function expect100(sum: number, line: string) {
  if (Math.abs(sum - 100) > 0.01) throw new Error(`weights do not add up to 100: ${line}`);
}

/** A stand-in for the green task set behind the test listener: answers what `respond` says. */
export async function greenServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    respond(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs the action and sends `signal` once stdout shows `when`. */
export function signalWhen(
  when: RegExp,
  signal: NodeJS.Signals,
): Pick<RunOptions, 'onStart'> & { sent: () => boolean } {
  let sent = false;
  return {
    sent: () => sent,
    onStart: (child) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
        if (!sent && when.test(out)) {
          sent = true;
          child.kill(signal);
        }
      });
    },
  };
}

/**
 * A test file's setup: the deploy's files rendered once, a fresh emulated account per test
 * (stopped after it), and the deploy inputs that name the rendered files.
 */
export function perTestAccounts() {
  let files: Rendered | undefined;
  let account: Account | undefined;
  beforeAll(async () => {
    files = await renderFiles();
  });
  afterEach(async () => {
    await account?.stop();
    account = undefined;
  });
  return {
    get files(): Rendered {
      return files!;
    },
    emulated: async (speed: number): Promise<Account> => (account = await Account.start(speed)),
    deployInputs: (cluster: string, extra: Record<string, string> = {}) => ({
      cluster,
      service: 'web',
      'task-definition': files!.taskDefinition,
      appspec: files!.appspec,
      ...extra,
    }),
  };
}
