// The data plane's container runtime end to end: the app image is built once, pushed through the
// emulated ECR (docker login with the GetAuthorizationToken password, push to the registry front),
// and the emulator runs the service's tasks as Docker containers pulled from the real registry.
// A CodeDeploy deployment to a second image shifts production traffic to new containers, the old
// ones stop after the termination wait, and nothing labelled as the emulator's outlives stop().
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import {
  ECRClient,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import {
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator, type Seed, type TargetInfo } from '../../emulator/index.js';
import { registryAddress, servicesAvailable } from '../support/services.js';
import { appSpecRevision, renderAppSpec } from '../../lib/codedeploy/appspec.js';
import { waitFor } from '../support/wait-for.js';

const sh = promisify(execFile);
const up = await servicesAvailable('docker', 'registry');
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const ACCOUNT = '123456789012';
const REPO = `dpc-${run}/web`;
const AWS_URI = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${REPO}`;
const LABEL = 'org-actions-emulator';

async function docker(args: string[], env?: Record<string, string>): Promise<string> {
  const { stdout } = await sh('docker', args, {
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  return stdout.trim();
}

function taskDefinition(image: string, env: Record<string, string>) {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '1024',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        stopTimeout: 5,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        environment: Object.entries(env).map(([name, value]) => ({ name, value })),
        // As infra's task definition: read-only root, a writable /tmp volume.
        readonlyRootFilesystem: true,
        mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
      },
    ],
    volumes: [{ name: 'tmp' }],
  };
}

/** A service with no load balancer, scaled from 0 by the test. */
const plainService = (name: string, family: string) => ({
  serviceName: name,
  taskDefinition: family,
  desiredCount: 0,
  launchType: 'FARGATE' as const,
});

const seed = {
  account: ACCOUNT,
  region: 'us-east-1',
  repositories: [{ name: REPO }],
  taskDefinitions: [
    taskDefinition(`${AWS_URI}:v1`, { APP_VERSION: 'td-1', APP_COLOR: 'blue' }),
    // Exits at start (invalid colour): ECS's "Essential container in task exited".
    { ...taskDefinition(`${AWS_URI}:v1`, { APP_COLOR: 'not a colour' }), family: 'broken' },
    // Never pushed: CannotPullContainerError.
    { ...taskDefinition(`${AWS_URI}:never-pushed`, {}), family: 'missing' },
  ],
  loadBalancers: [
    {
      name: 'web',
      targetGroups: [
        { name: 'web-a', port: 8080, healthCheckPath: '/readyz' },
        { name: 'web-b', port: 8080, healthCheckPath: '/readyz' },
      ],
      listeners: [{ port: 80, targetGroup: 'web-a' }],
    },
  ],
  // One cluster per service (README: task set ids are unique per service only).
  clusters: [
    {
      name: 'web',
      services: [
        {
          serviceName: 'web',
          taskDefinition: 'web:1',
          desiredCount: 0,
          launchType: 'FARGATE',
          deploymentController: 'CODE_DEPLOY',
          targetGroup: 'web-a',
          containerName: 'web',
          containerPort: 8080,
        },
      ],
    },
    { name: 'broken', services: [plainService('broken', 'broken:1')] },
    { name: 'missing', services: [plainService('missing', 'missing:1')] },
  ],
  applications: [
    {
      name: 'AppECS-web',
      deploymentGroups: [
        {
          name: 'DgpECS-web',
          service: 'web/web',
          targetGroups: ['web-a', 'web-b'],
          productionListener: 'web:80',
          terminationWaitTimeInMinutes: 2,
        },
      ],
    },
  ],
} as Seed;

async function release(url: string): Promise<{ version: string; commit: string } | undefined> {
  const res = await fetch(`${url}/version`).catch(() => undefined);
  return res?.status === 200
    ? ((await res.json()) as { version: string; commit: string })
    : undefined;
}

const labelled = (value: string) =>
  docker(['ps', '-aq', '--filter', `label=${LABEL}=${value}`]).then((out) =>
    out.split('\n').filter(Boolean),
  );

describe.skipIf(!up)('emulator data plane with the container runtime', () => {
  const context = mkdtempSync(join(tmpdir(), 'dpc-context-'));
  const dockerConfig = mkdtempSync(join(tmpdir(), 'dpc-docker-'));
  const local = `dpc-${run}`;
  let emulator: Emulator | undefined;
  let instance = '';

  const targets = (): TargetInfo[] => emulator!.dataplane!.targetList();
  const production = () => emulator!.dataplane!.listener('web:80').url;
  const healthyContainers = (taskDefinition: string) =>
    targets().filter(
      (t) =>
        t.runtime === 'container' &&
        t.health === 'healthy' &&
        t.taskDefinitionArn.endsWith(taskDefinition),
    );

  beforeAll(async () => {
    // The image as app/README builds it, twice: the release baked in differs (APP_COMMIT).
    const base = (await sh('bash', ['app/scripts/base-image.sh'])).stdout.trim();
    await sh(process.execPath, ['app/scripts/build.js', join(context, 'dist')]);
    copyFileSync('app/Dockerfile', join(context, 'Dockerfile'));
    copyFileSync('app/.dockerignore', join(context, '.dockerignore'));
    for (const v of ['1', '2']) {
      await docker([
        'build',
        '-q',
        '-t',
        `${local}:${v}`,
        '--build-arg',
        `BASE_IMAGE=${base}`,
        '--build-arg',
        `APP_COMMIT=image-${v}`,
        context,
      ]);
    }
    emulator = await start({
      seed,
      speed: 60,
      registry: registryAddress(),
      dataplane: { runtime: 'container', healthCheckIntervalMs: 100, deregistrationDelayMs: 100 },
    });
    instance = emulator.dataplane!.instanceId;
    Object.assign(process.env, emulator.env());

    // Push through the emulated ECR, as build-push does: login with the API's password.
    const { authorizationData } = await new ECRClient({}).send(
      new GetAuthorizationTokenCommand({}),
    );
    const [user, password] = Buffer.from(authorizationData![0]!.authorizationToken!, 'base64')
      .toString('utf8')
      .split(':');
    const front = authorizationData![0]!.proxyEndpoint!.replace(/^https?:\/\//, '');
    const cli = { DOCKER_CONFIG: dockerConfig };
    await sh('sh', ['-c', `printf %s "$P" | docker login -u "$U" --password-stdin "$H"`], {
      env: { ...process.env, ...cli, P: password!, U: user!, H: front },
    });
    for (const v of ['1', '2']) {
      await docker(['tag', `${local}:${v}`, `${front}/${REPO}:v${v}`]);
      await docker(['push', '-q', `${front}/${REPO}:v${v}`], cli);
    }
  }, 120_000);

  afterAll(async () => {
    await emulator?.stop();
    // By id: the local tags, the front's tags and what the tasks pulled by digest all go.
    const ids = await docker([
      'image',
      'inspect',
      '-f',
      '{{.Id}}',
      `${local}:1`,
      `${local}:2`,
    ]).catch(() => '');
    if (ids) await docker(['rmi', '-f', ...ids.split('\n')]).catch(() => undefined);
    rmSync(context, { recursive: true, force: true });
    rmSync(dockerConfig, { recursive: true, force: true });
  });

  it('the production listener serves the app from a container of the ECR image, with the task definition environment', async () => {
    await new ECSClient({}).send(
      new UpdateServiceCommand({ cluster: 'web', service: 'web', desiredCount: 1 }),
    );
    const [target] = await waitFor('a healthy web:1 container', () => {
      const list = healthyContainers('web:1');
      return list.length ? list : undefined;
    });
    expect(target!.image).toMatch(
      new RegExp(`^${registryAddress().replace(/\./g, '\\.')}/${REPO}@sha256:[a-f0-9]{64}$`),
    );
    expect(target!.pid).toBeUndefined();
    expect(await labelled(instance)).toContain(target!.containerId!.slice(0, 12));
    for (let i = 0; i < 5; i++) {
      expect(await release(production())).toEqual(
        expect.objectContaining({ version: 'td-1', commit: 'image-1' }),
      );
    }
    // The app serves from a read-only root filesystem, as the task definition says.
    const inspected = await docker([
      'inspect',
      '--format',
      '{{.HostConfig.ReadonlyRootfs}} {{json .HostConfig.Tmpfs}}',
      target!.containerId!,
    ]);
    expect(inspected).toBe('true {"/tmp":""}');
    console.log(`container task healthy after ${target!.healthyAfterMs} ms`);
  });

  it('stopped tasks say why, as ECS does: container exited, image not found', async () => {
    const ecs = new ECSClient({});
    const reasons: Record<string, string | undefined> = {};
    for (const name of ['broken', 'missing']) {
      await ecs.send(new UpdateServiceCommand({ cluster: name, service: name, desiredCount: 1 }));
      const task = await waitFor(`a stopped ${name} task`, () =>
        emulator!.state.ecs.clusters.get(name)!.tasks.find((t) => t.lastStatus === 'STOPPED'),
      );
      await ecs.send(new UpdateServiceCommand({ cluster: name, service: name, desiredCount: 0 }));
      reasons[name] = `${task.stopCode}: ${task.stoppedReason}`;
    }
    expect(reasons.broken).toBe(
      'EssentialContainerExited: Essential container in task exited (exit code 1)',
    );
    expect(reasons.missing).toBe(
      `TaskFailedToStart: CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${AWS_URI}:never-pushed: not found`,
    );
  });

  it('a CodeDeploy deployment to the second image shifts traffic to new containers; the old stop after the termination wait', async () => {
    const [blue] = healthyContainers('web:1');
    const { repositories } = await new ECRClient({}).send(
      new DescribeRepositoriesCommand({ repositoryNames: [REPO] }),
    );
    // The repository URI the emulator hands out (127.0.0.1:<port>/...), as a pipeline would render it.
    const { taskDefinition: registered } = await new ECSClient({}).send(
      new RegisterTaskDefinitionCommand(
        taskDefinition(`${repositories![0]!.repositoryUri}:v2`, {
          APP_VERSION: 'td-2',
          APP_COLOR: 'green',
        }) as never,
      ),
    );
    const codedeploy = new CodeDeployClient({});
    const appspec = appSpecRevision(
      renderAppSpec({
        containerName: 'web',
        containerPort: 8080,
        taskDefinition: registered!.taskDefinitionArn,
      }),
    ).content;
    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-web',
        deploymentGroupName: 'DgpECS-web',
        revision: { revisionType: 'AppSpecContent', appSpecContent: { content: appspec } },
      }),
    );
    await waitFor('production to answer from the new image', async () => {
      const answer = await release(production());
      return answer?.version === 'td-2' && answer.commit === 'image-2';
    });
    const [green] = healthyContainers(`web:${registered!.revision}`);
    expect(green!.containerId).not.toBe(blue!.containerId);
    expect(green!.targetGroupName).toBe('web-b');
    // Termination wait: blue still runs, out of production.
    const { deploymentInfo: during } = await codedeploy.send(
      new GetDeploymentCommand({ deploymentId }),
    );
    expect(during?.status).toBe('InProgress');
    expect(await docker(['inspect', '-f', '{{.State.Running}}', blue!.containerId!])).toBe('true');
    for (let i = 0; i < 5; i++) expect((await release(production()))?.version).toBe('td-2');

    await waitFor('the deployment to succeed', async () => {
      const { deploymentInfo } = await codedeploy.send(new GetDeploymentCommand({ deploymentId }));
      return deploymentInfo?.status === 'Succeeded';
    });
    await waitFor(
      'the blue container to be stopped and removed',
      async () => !(await labelled(instance)).includes(blue!.containerId!.slice(0, 12)),
    );
    const task = emulator!.state.ecs.clusters
      .get('web')!
      .tasks.find((t) => t.taskArn === blue!.taskArn);
    expect(task?.lastStatus).toBe('STOPPED');
    expect((await release(production()))?.version).toBe('td-2');
  });

  it('stop() removes every container it started', async () => {
    expect((await labelled(instance)).length).toBeGreaterThanOrEqual(1);
    await emulator!.stop();
    emulator = undefined;
    expect(await labelled(instance)).toEqual([]);
  });

  it('a crashing emulator removes its containers; one killed by SIGKILL is swept by the next start', async () => {
    const crashSeed = {
      account: ACCOUNT,
      repositories: [{ name: REPO }],
      taskDefinitions: [taskDefinition(`${AWS_URI}:v1`, {})],
      clusters: [{ name: 'c', services: [{ ...plainService('c', 'web:1'), desiredCount: 1 }] }],
    };
    const dir = mkdtempSync(join(tmpdir(), 'dpc-crash-'));
    const script = join(dir, 'crash.mts');
    const index = fileURLToPath(new URL('../../emulator/index.ts', import.meta.url));
    writeFileSync(
      script,
      `import { start } from ${JSON.stringify(index)};
const e = await start({ seed: ${JSON.stringify(crashSeed)}, speed: 60,
  registry: ${JSON.stringify(registryAddress())}, dataplane: { runtime: 'container' } });
for (let i = 0; i < 600; i++) {
  if (e.dataplane.targetList().some((t) => t.containerId)) break;
  await new Promise((r) => setTimeout(r, 50));
}
console.log(e.dataplane.instanceId);
if (process.argv[2] === 'hang') setInterval(() => {}, 1000); else throw new Error('emulator crashed');
`,
    );
    const emulatorProcess = (mode: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, mode], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const instance = new Promise<string>((resolve) =>
        child.stdout.on('data', () => out.includes('\n') && resolve(out.trim())),
      );
      const exit = new Promise((resolve) => child.on('exit', resolve));
      return { child, instance, exit };
    };
    try {
      // An uncaught exception: the exit hook removes the container before the process ends.
      const crashed = emulatorProcess('crash');
      expect(await crashed.exit).toBe(1);
      expect(await labelled(await crashed.instance)).toEqual([]);

      // SIGKILL: nothing runs in the dying process, so its container stays...
      const killed = emulatorProcess('hang');
      const orphanOf = await killed.instance;
      expect((await labelled(orphanOf)).length).toBe(1);
      killed.child.kill('SIGKILL');
      await killed.exit;
      expect((await labelled(orphanOf)).length).toBe(1);
      // ...until the next emulator with the container runtime starts.
      const next = await start({
        registry: registryAddress(),
        dataplane: { runtime: 'container' },
      });
      await next.stop();
      expect(await labelled(orphanOf)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runtime 'auto': a container when the registry holds the image, else a process", async () => {
    const auto = await start({
      speed: 60,
      registry: registryAddress(),
      seed: {
        ...seed,
        taskDefinitions: [
          taskDefinition(`${AWS_URI}:v1`, { APP_VERSION: 'in-ecr' }),
          {
            ...taskDefinition('org/sample-app:in-no-registry', { APP_VERSION: 'local' }),
            family: 'local',
          },
        ],
        loadBalancers: [],
        applications: [],
        clusters: [
          { name: 'c', services: [{ ...plainService('c', 'web:1'), desiredCount: 1 }] },
          { name: 'p', services: [{ ...plainService('p', 'local:1'), desiredCount: 1 }] },
        ],
      } as Seed,
      dataplane: { runtime: 'auto', healthCheckIntervalMs: 100 },
    });
    try {
      const started = await waitFor('both tasks to run', () => {
        const list = auto.dataplane!.targetList().filter((t) => t.port);
        return list.length === 2 ? list : undefined;
      });
      const byRuntime = Object.fromEntries(started.map((t) => [t.runtime, t]));
      expect(byRuntime.container?.taskDefinitionArn).toMatch(/web:1$/);
      expect(byRuntime.process?.taskDefinitionArn).toMatch(/local:1$/);
      expect(byRuntime.process?.pid).toBeGreaterThan(0);
      for (const t of started) {
        const res = await waitFor(`${t.runtime} to answer`, () =>
          release(`http://127.0.0.1:${t.port}`),
        );
        expect(res.version).toBe(t.runtime === 'container' ? 'in-ecr' : 'local');
      }
      // Boot time as the health checks see it (launch to first healthy), same run, same app.
      const boot = await waitFor('both tasks to pass health checks', () => {
        const list = auto.dataplane!.targetList().filter((t) => t.healthyAfterMs !== undefined);
        return list.length === 2 ? list : undefined;
      });
      console.log(
        `launch to healthy: ${boot.map((t) => `${t.runtime} ${t.healthyAfterMs} ms`).join(', ')}`,
      );
    } finally {
      const instanceId = auto.dataplane!.instanceId;
      await auto.stop();
      expect(await labelled(instanceId)).toEqual([]);
    }
  });
});
