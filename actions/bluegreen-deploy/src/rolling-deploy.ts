import { DescribeServicesCommand, type Deployment, type Service } from '@aws-sdk/client-ecs';
import { engineInputProblems } from '../../../lib/deploy/engine-inputs.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import type { WaitUntil } from '../../../lib/deploy/next-step.js';
import type { EcsEngineDeps } from '../../../lib/ecs-deployments/native-engine.js';
import { RollingEngine, startRollingUpdate } from '../../../lib/ecs-deployments/rolling-engine.js';
import { ActionError, ActionErrors } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import type { Inputs } from './inputs.js';
import { ecsEngineDeps } from './native-deploy.js';
import type { CommandResult } from './result.js';
import { runMigration } from './migration.js';
import { existingRevisionProblem, planServiceRevision } from './revision-plan.js';
import { registerTaskDefinition } from './register.js';
import { rollingState } from './rolling-cancel.js';

const ROLLING = { engine: 'rolling' } as const;
const CONFLICT_POLL_MS = 5_000;

/**
 * Deploy to a rolling service (controller ECS, strategy ROLLING): every check first, then
 * RegisterTaskDefinition, UpdateService, and the shared watch until the rollout completes. A
 * circuit-breaker or alarm rollback is a failure naming the reason and how far the rollback got.
 */
export async function deployRolling(
  inputs: Inputs,
  ctx: CommandContext,
  service: Service,
): Promise<CommandResult> {
  const deps = ecsEngineDeps(inputs, ctx);
  const plan = await rollingPreflight(inputs, ctx, service);
  const started = ctx.clock.now();
  if (inputs.onConflict === 'wait') await waitForRollouts(deps, ctx, inputs.timeoutMs);
  const taskDefinitionArn = await registerTaskDefinition(inputs, plan, ctx);
  await runMigration(inputs, ctx, taskDefinitionArn);
  const previous = service.taskDefinition;
  const returnTo = lastCompleted(service) ?? previous;
  const ref = await startRollingUpdate(deps, taskDefinitionArn, service.currentServiceDeployment);
  ctx.rememberDeployment(
    rollingState({
      cluster: inputs.cluster,
      service: inputs.service,
      deploymentId: ref.deploymentId,
      taskDefinition: taskDefinitionArn,
      previousTaskDefinition: returnTo,
    }),
  );
  ctx.log(`Started rolling update ${ref.deploymentId} (ECS rolling update)`);
  const adapter = new RollingEngine(deps, ref, returnTo);
  const followed = await followDeployment(
    { adapter, clock: ctx.clock, log: ctx.log, debug: ctx.debug, signal: ctx.signal },
    {
      deploymentId: ref.deploymentId,
      waitUntil: rollingWaitUntil(inputs),
      timeoutMs: Math.max(1000, inputs.timeoutMs - (ctx.clock.now() - started)),
      rollbackExpected: rollsBack(service),
      autoContinue: false,
    },
  );
  return {
    command: 'deploy',
    engine: 'rolling',
    deploymentId: ref.deploymentId,
    taskDefinitionArn,
    previousTaskDefinitionArn: previous,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(ref.deploymentId),
    ok: followed.ok,
  };
}

/**
 * A rolling update has no test-traffic stage and no traffic shift: it is created, then
 * complete. wait-until: ready and traffic-shifted are refused when given (engineInputProblems);
 * not given, the default means "until it is done", so complete.
 */
export function rollingWaitUntil(inputs: Pick<Inputs, 'waitUntil' | 'given'>): WaitUntil {
  return inputs.given?.['wait-until'] === 'created' ? 'created' : 'complete';
}

/** ECS rolls a failed rollout back when the circuit breaker or the alarms say so. */
export function rollsBack(service: Pick<Service, 'deploymentConfiguration'>): boolean {
  const c = service.deploymentConfiguration;
  return !!(
    (c?.deploymentCircuitBreaker?.enable && c.deploymentCircuitBreaker.rollback) ||
    (c?.alarms?.enable && c.alarms.rollback)
  );
}

/**
 * The task definition a rollback of our update returns to: the last rollout that completed. With
 * on-conflict: replace the service's own task definition may be an update that never did.
 */
export function lastCompleted(service: Pick<Service, 'deployments'>): string | undefined {
  const completed = (service.deployments ?? []).filter((d) => d.rolloutState === 'COMPLETED');
  const primary = completed.find((d) => d.status === 'PRIMARY');
  const newest = completed.sort(
    (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
  )[0];
  return (primary ?? newest)?.taskDefinition;
}

/** The PRIMARY rollout while it still replaces tasks: a deployment of the service is under way. */
export function rolloutInProgress(service: Pick<Service, 'deployments'>): Deployment | undefined {
  return service.deployments?.find(
    (d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS',
  );
}

/**
 * How the action names a rollout in progress: the service deployment ECS records for it (every
 * ECS-controller update since Oct 2024), else the rollout id of older accounts.
 */
export function busyUpdateId(
  service: Pick<Service, 'currentServiceDeployment'>,
  busy: Pick<Deployment, 'id'>,
): string | undefined {
  return service.currentServiceDeployment ?? busy.id;
}

/** Every read-only check, so a bad input fails before anything is registered or updated. */
async function rollingPreflight(inputs: Inputs, ctx: CommandContext, service: Service) {
  const plan = await planServiceRevision(inputs, service);
  const problems = engineInputProblems(inputs.given ?? {}, ROLLING, inputs.service);
  const revisionProblem = await existingRevisionProblem(ctx.clients.ecs, plan);
  if (revisionProblem) problems.push(revisionProblem);
  const busy = rolloutInProgress(service);
  if (busy && inputs.onConflict === 'fail')
    problems.push(
      `Service "${inputs.service}" already has a rolling update in progress: ${busyUpdateId(service, busy)} (${busy.taskDefinition}); wait for it, or set on-conflict: wait, or on-conflict: replace (the new update takes over from it).`,
    );
  if (problems.length) throw new ActionErrors(problems);
  if (busy && inputs.onConflict === 'replace')
    ctx.log(
      `Replacing the rolling update in progress ${busyUpdateId(service, busy)}: ECS starts ours over it`,
    );
  ctx.log(
    `Service ${inputs.cluster}/${inputs.service} (ECS rolling update) runs ${service.taskDefinition ?? 'no task definition yet'}`,
  );
  return plan;
}

/** on-conflict: wait — poll until no rollout replaces tasks, within the deploy's timeout. */
async function waitForRollouts(
  deps: EcsEngineDeps,
  ctx: CommandContext,
  budgetMs: number,
): Promise<void> {
  const until = ctx.clock.now() + budgetMs;
  for (;;) {
    const out = await deps.ecs.send(
      new DescribeServicesCommand({ cluster: deps.cluster, services: [deps.service] }),
    );
    const service = out.services?.[0] ?? {};
    const busy = rolloutInProgress(service);
    if (!busy) return;
    const id = busyUpdateId(service, busy);
    if (ctx.clock.now() >= until || ctx.signal.aborted)
      throw new ActionError(
        `Input "on-conflict" is "wait", but the rolling update ${id} was still in progress when the timeout ran out;`,
        'raise timeout, or use on-conflict: replace.',
      );
    ctx.log(`Waiting for the rolling update in progress ${id}`);
    await ctx.clock.sleep(CONFLICT_POLL_MS, ctx.signal);
  }
}
