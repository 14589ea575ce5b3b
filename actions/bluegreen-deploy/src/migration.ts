/**
 * The release's migration step: a one-off task from the task definition just registered (its
 * command in one container, e.g. `npm run migrate`) on the service's own network, run after
 * registration and before any traffic moves, on every engine. Exit 0 lets the deployment start;
 * anything else fails the release with nothing deployed and the task's last log lines shown.
 */
import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { ActionError } from '../../../lib/errors/action-error.js';
import { formatDuration } from '../../../lib/text/duration.js';
import { runOneOffTask, type OneOffTaskRun } from '../../../lib/ecs-tasks/run.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';

/** Runs the migration when one is asked for; throws (nothing deployed) unless it exits 0. */
export async function runMigration(
  inputs: Inputs,
  ctx: CommandContext,
  taskDefinitionArn: string,
): Promise<void> {
  const migration = inputs.migration;
  if (!migration) return;
  if (!ctx.clients.logs) throw new Error('runMigration needs a CloudWatch Logs client');
  const service = await describeService(inputs, ctx);
  ctx.log(
    `Migration: ${JSON.stringify(migration.command)} from ${taskDefinitionArn} (timeout ${formatDuration(migration.timeoutMs)}), before any traffic moves`,
  );
  const run = await runOneOffTask(
    {
      ecs: ctx.clients.ecs,
      logs: ctx.clients.logs,
      clock: ctx.clock,
      signal: ctx.signal,
      log: ctx.log,
    },
    {
      cluster: inputs.cluster,
      taskDefinitionArn,
      ...(migration.container ? { container: migration.container } : {}),
      command: migration.command,
      ...placement(service),
      startedBy: 'bluegreen-deploy/migration',
      group: `migration:${inputs.service}`,
      timeoutMs: migration.timeoutMs,
    },
  );
  showLogTail(run, ctx.log);
  if (run.ok) {
    ctx.log(`Migration task ${run.taskArn} ${run.reason}`);
    return;
  }
  const last = run.logTail.at(-1);
  throw new ActionError(
    `Migration task ${run.taskArn} (container "${run.container}") ${run.reason}; nothing was deployed${last ? `. Last log line: ${last}` : ''}.`,
    run.logStream
      ? `Its log: ${run.logStream.group} ${run.logStream.stream} (last lines above).`
      : 'Its container logs with no awslogs driver, so no log lines are shown.',
  );
}

async function describeService(inputs: Inputs, ctx: CommandContext): Promise<Service> {
  const out = await ctx.clients.ecs.send(
    new DescribeServicesCommand({ cluster: inputs.cluster, services: [inputs.service] }),
  );
  const service = out.services?.[0];
  if (!service)
    throw new ActionError(
      `Service "${inputs.service}" is not in cluster "${inputs.cluster}", so the migration has no network to run in.`,
    );
  return service;
}

/**
 * Where the service's tasks run: its network (the task set's for a CODE_DEPLOY service, whose
 * primary task set holds it), launch type or capacity providers, platform version.
 */
export function placement(service: Service) {
  const primary = service.taskSets?.find((t) => t.status === 'PRIMARY') ?? service.taskSets?.[0];
  const networkConfiguration = service.networkConfiguration ?? primary?.networkConfiguration;
  const capacityProviderStrategy = service.capacityProviderStrategy?.length
    ? service.capacityProviderStrategy
    : primary?.capacityProviderStrategy;
  const launchType = service.launchType ?? primary?.launchType;
  const platformVersion = service.platformVersion ?? primary?.platformVersion;
  return {
    ...(networkConfiguration ? { networkConfiguration } : {}),
    ...(capacityProviderStrategy?.length
      ? { capacityProviderStrategy }
      : launchType
        ? { launchType }
        : {}),
    ...(platformVersion ? { platformVersion } : {}),
  };
}

function showLogTail(run: OneOffTaskRun, log: (line: string) => void): void {
  if (!run.logStream) return;
  log(
    run.logTail.length
      ? `Migration log (last ${run.logTail.length} lines of ${run.logStream.group} ${run.logStream.stream}):`
      : `Migration log ${run.logStream.group} ${run.logStream.stream} has no lines.`,
  );
  for (const line of run.logTail) log(`  | ${line}`);
}
