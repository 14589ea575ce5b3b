/**
 * The bundled bluegreen-deploy action with migration-command against the emulator's data plane:
 * the migration runs for real as a one-off task (the sample app's own `node migrate.mjs` against
 * PostgreSQL, or a failing command) after registration and before any deployment exists, on the
 * CodeDeploy and the ECS-native engine; a failure shows its exit code and log tail with nothing
 * deployed, and cancelling the run during the migration stops the task.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import {
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSampleApp, type ImageCommand } from '../../emulator/dataplane/launch.js';
import { start, type Emulator } from '../../emulator/index.js';
import { runAction, type RunOptions } from '../support/run-action.js';
import { databaseUrl, servicesAvailable } from '../support/services.js';
import {
  errorLine,
  eventually,
  renderFiles,
  SEED,
  signalWhen,
} from './bluegreen-deploy-support.js';

/** Service tasks are tiny HTTP servers (no database); one-off commands run as the app's image would. */
const image: ImageCommand = (container, command) =>
  command?.length
    ? runSampleApp(container, command)
    : {
        command: process.execPath,
        args: [
          '-e',
          "require('node:http').createServer((q, r) => r.end('ok')).listen(+process.env.PORT, process.env.HOST)",
        ],
        cwd: process.cwd(),
      };

const postgresUp = await servicesAvailable('postgres');
let files: { taskDefinition: string; appspec: string };
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

beforeAll(async () => {
  files = await renderFiles();
});

/** The rendered task definition with awslogs (and the environment a migration needs). */
function taskDefinitionFile(environment: Record<string, string> = {}): string {
  const td = JSON.parse(readFileSync(files.taskDefinition, 'utf8'));
  for (const c of td.containerDefinitions) {
    c.logConfiguration = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/web',
        'awslogs-region': 'us-east-1',
        'awslogs-stream-prefix': 'web',
      },
    };
    c.environment = [
      ...(c.environment ?? []),
      ...Object.entries(environment).map(([name, value]) => ({ name, value })),
    ];
  }
  const dir = mkdtempSync(join(tmpdir(), 'migration-e2e-'));
  // The AppSpec beside it, as render-taskdef leaves it for CodeDeploy (the ECS-native path ignores it).
  copyFileSync(files.appspec, join(dir, basename(files.appspec)));
  const path = join(dir, 'task-definition.json');
  writeFileSync(path, JSON.stringify(td));
  return path;
}

async function account(speed = 300) {
  emulator = await start({ port: 0, seed: SEED, speed, dataplane: { image } });
  Object.assign(process.env, emulator.env());
  const env = emulator.env();
  return {
    ecs: new ECSClient({}),
    codedeploy: new CodeDeployClient({}),
    run: (inputs: Record<string, string>, options: Omit<RunOptions, 'inputs' | 'env'> = {}) =>
      runAction('bluegreen-deploy', { timeoutMs: 90_000, ...options, inputs, env }),
  };
}

type Account = Awaited<ReturnType<typeof account>>;

async function migrationTasks(acc: Account, cluster: string): Promise<Task[]> {
  const listed = await acc.ecs.send(
    new ListTasksCommand({
      cluster,
      startedBy: 'bluegreen-deploy/migration',
      desiredStatus: 'STOPPED',
    }),
  );
  if (!listed.taskArns?.length) return [];
  const out = await acc.ecs.send(new DescribeTasksCommand({ cluster, tasks: listed.taskArns }));
  return out.tasks ?? [];
}

async function codeDeployDeployments(acc: Account, cluster: string): Promise<string[]> {
  const out = await acc.codedeploy.send(
    new ListDeploymentsCommand({
      applicationName: `AppECS-${cluster}-web`,
      deploymentGroupName: `DgpECS-${cluster}-web`,
    }),
  );
  return out.deployments ?? [];
}

const FAILING = JSON.stringify([
  'node',
  '-e',
  'console.log(\'migrating notes\'); console.error(\'ERROR: column "served_by" of relation "notes" already exists\'); process.exit(3)',
]);

describe('bluegreen-deploy migration-command (CodeDeploy engine)', () => {
  it.skipIf(!postgresUp)(
    "runs the app's migration task to exit 0 before the deployment is created",
    async () => {
      const schema = `e2e_migration_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: databaseUrl() });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      try {
        const url = new URL(databaseUrl());
        url.searchParams.set('options', `-c search_path=${schema}`);
        const acc = await account();
        const run = await acc.run({
          cluster: 'staging',
          service: 'web',
          'task-definition': taskDefinitionFile({ DATABASE_URL: url.toString() }),
          appspec: files.appspec,
          'wait-until': 'created',
          'migration-command': 'node migrate.mjs',
        });
        expect(run.stdout).not.toContain('::error');
        expect(run.code).toBe(0);
        const out = run.stdout;
        const migrated = out.indexOf('Migration task ');
        expect(out).toMatch(/Migration task \S+ exited with code 0/);
        expect(out).toMatch(/ {2}\| .*"msg":"migrations applied".*"applied":"1,2"/);
        // Registered, then migrated, then (and only then) the deployment.
        expect(out.indexOf('Registered ')).toBeLessThan(migrated);
        expect(migrated).toBeLessThan(out.indexOf('Created deployment'));
        const versions = await admin.query(`SELECT version FROM ${schema}.schema_migrations`);
        expect(versions.rows.map((r) => Number(r.version)).sort()).toEqual([1, 2]);
        const [task] = await migrationTasks(acc, 'staging');
        expect(task?.containers?.find((c) => c.name === 'web')?.exitCode).toBe(0);
        expect(task?.overrides?.containerOverrides?.[0]?.command).toEqual(['node', 'migrate.mjs']);
      } finally {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      }
    },
  );

  it('a failing migration fails the release with its exit code and log tail; nothing is deployed', async () => {
    const acc = await account();
    const run = await acc.run({
      cluster: 'staging',
      service: 'web',
      'task-definition': taskDefinitionFile(),
      appspec: files.appspec,
      'migration-command': FAILING,
    });
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toMatch(
      /Migration task \S+ \(container "web"\) exited with code 3; nothing was deployed\. Last log line: ERROR: column "served_by" of relation "notes" already exists\. Its log: \/ecs\/web web\/web\/\w+/,
    );
    expect(run.stdout).toContain('  | migrating notes');
    expect(run.stdout).not.toContain('Created deployment');
    expect(await codeDeployDeployments(acc, 'staging')).toEqual([]);
    const [task] = await migrationTasks(acc, 'staging');
    expect(task?.containers?.find((c) => c.name === 'web')?.exitCode).toBe(3);
  });

  it('cancelling the run during the migration stops the task; nothing is deployed', async () => {
    const acc = await account();
    const signal = signalWhen(/Started one-off task/, 'SIGTERM');
    const run = await acc.run(
      {
        cluster: 'staging',
        service: 'web',
        'task-definition': taskDefinitionFile(),
        appspec: files.appspec,
        'migration-command': `node -e "console.log('long migration'); setInterval(() => {}, 1000)"`,
      },
      { onStart: signal.onStart },
    );
    expect(signal.sent()).toBe(true);
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toMatch(
      /Migration task \S+ .*the run was cancelled; the task was stopped/,
    );
    const tasks = await eventually(
      () => migrationTasks(acc, 'staging'),
      (t) => t.length === 1 && t[0]!.lastStatus === 'STOPPED',
    );
    expect([tasks[0]!.stopCode, tasks[0]!.stoppedReason]).toEqual([
      'UserInitiated',
      'bluegreen-deploy: the workflow run was cancelled',
    ]);
    expect(await codeDeployDeployments(acc, 'staging')).toEqual([]);
  });
});

describe('bluegreen-deploy migration-command (ECS-native engine)', () => {
  it('a failing migration stops the release before UpdateService', async () => {
    const acc = await account();
    const list = () =>
      acc.ecs
        .send(new ListServiceDeploymentsCommand({ cluster: 'staging', service: 'web-native' }))
        .then((o) => (o.serviceDeployments ?? []).map((d) => d.serviceDeploymentArn));
    // The seeded service's own first deployment, settled first (else on-conflict: fail would
    // refuse the run before the migration); the run must add none.
    await eventually(
      () =>
        acc.ecs.send(
          new ListServiceDeploymentsCommand({
            cluster: 'staging',
            service: 'web-native',
            status: ['PENDING', 'IN_PROGRESS'],
          }),
        ),
      (o) => (o.serviceDeployments ?? []).length === 0,
      60_000,
    );
    const before = await list();
    const run = await acc.run({
      cluster: 'staging',
      service: 'web-native',
      'task-definition': taskDefinitionFile(),
      'migration-command': FAILING,
    });
    expect(run.code).not.toBe(0);
    expect(errorLine(run)).toContain('exited with code 3; nothing was deployed');
    expect(run.stdout).not.toContain('Started service deployment');
    expect(await list()).toEqual(before);
  });
});
