import type { Service } from '@aws-sdk/client-ecs';
import { engineInputProblems, type RawInputs } from '../../../lib/deploy/engine-inputs.js';
import { engineName, type EngineChoice } from '../../../lib/deploy/engine.js';
import { followDeployment } from '../../../lib/deploy/follow.js';
import {
  activeServiceDeployment,
  settledService,
} from '../../../lib/ecs-deployments/find-deployment.js';
import {
  NativeEngine,
  refuseIfCancelled,
  startServiceDeployment,
  type EcsEngineDeps,
} from '../../../lib/ecs-deployments/native-engine.js';
import { gateHookProblem } from '../../../lib/ecs-deployments/native-preflight.js';
import { ActionErrors } from '../../../lib/errors/action-error.js';
import type { CommandContext } from './context.js';
import { gateOf } from './gate.js';
import type { Inputs } from './inputs.js';
import type { CommandResult } from './result.js';
import { settleNativeConflict } from './native-conflict.js';
import { existingRevisionProblem, planServiceRevision } from './revision-plan.js';
import { registerTaskDefinition } from './register.js';
import { runMigration } from './migration.js';

/** The ECS calls of the native engine for this run's service. */
export function ecsEngineDeps(inputs: Inputs, ctx: CommandContext): EcsEngineDeps {
  return {
    ecs: ctx.clients.ecs,
    cluster: inputs.cluster,
    service: inputs.service,
    region: ctx.clients.region,
    clock: ctx.clock,
    signal: ctx.signal,
    debug: ctx.debug,
  };
}

/**
 * Deploy to an ECS-native service (BLUE_GREEN, LINEAR, CANARY): every check first, then
 * RegisterTaskDefinition, UpdateService, and the shared watch. The service's strategy and hooks
 * belong to infrastructure: the action never changes them.
 */
export async function deployNative(
  inputs: Inputs,
  ctx: CommandContext,
  service: Service,
  choice: EngineChoice,
): Promise<CommandResult> {
  const deps = ecsEngineDeps(inputs, ctx);
  const plan = await nativePreflight(inputs, ctx, service, choice, deps);
  const started = ctx.clock.now();
  if (!settledService(service))
    await settleNativeConflict(inputs, ctx, deps, started + inputs.timeoutMs);
  refuseIfCancelled(ctx.signal, 'RegisterTaskDefinition');
  const taskDefinitionArn = await registerTaskDefinition(inputs, plan, ctx);
  await runMigration(inputs, ctx, taskDefinitionArn);
  const arn = await startServiceDeployment(
    deps,
    taskDefinitionArn,
    service.currentServiceDeployment,
  );
  ctx.rememberDeployment(arn);
  ctx.log(`Started service deployment ${arn} (${engineName(choice)})`);
  const adapter = new NativeEngine(deps);
  const followed = await followDeployment(
    { adapter, clock: ctx.clock, log: ctx.log, debug: ctx.debug, signal: ctx.signal },
    {
      deploymentId: arn,
      waitUntil: inputs.waitUntil,
      timeoutMs: Math.max(1000, inputs.timeoutMs - (ctx.clock.now() - started)),
      rollbackExpected: true,
      autoContinue: false,
      gate: gateOf(inputs, ctx, inputs.testUrl),
    },
  );
  return {
    command: 'deploy',
    engine: 'native',
    deploymentId: arn,
    taskDefinitionArn,
    previousTaskDefinitionArn: service.taskDefinition,
    status: followed.status,
    followed,
    consoleUrl: adapter.consoleUrl(arn),
    ok: followed.ok,
  };
}

/** Every read-only check, so a bad input fails before anything is registered or updated. */
async function nativePreflight(
  inputs: Inputs,
  ctx: CommandContext,
  service: Service,
  choice: EngineChoice,
  deps: EcsEngineDeps,
) {
  const plan = await planServiceRevision(inputs, service);
  const problems = engineInputProblems(inputs.given ?? {}, choice, inputs.service);
  problems.push(...nativeOnlyProblems(inputs, choice));
  const hookProblem = gateHookProblem(service, gateAsks(inputs.given ?? {}, inputs));
  if (hookProblem) problems.push(hookProblem);
  const revisionProblem = await existingRevisionProblem(ctx.clients.ecs, plan);
  if (revisionProblem) problems.push(revisionProblem);
  if (inputs.onConflict === 'fail' && !settledService(service)) {
    const active = await activeServiceDeployment(deps);
    if (active)
      problems.push(
        `Service "${inputs.service}" already has a deployment in progress: ${active.serviceDeploymentArn} (${active.status}); wait for it, set on-conflict: wait or on-conflict: replace, or run the rollback command.`,
      );
  }
  if (problems.length) throw new ActionErrors(problems);
  ctx.log(
    `Service ${inputs.cluster}/${inputs.service} (${engineName(choice)}) runs ${service.taskDefinition ?? 'no task definition yet'}`,
  );
  return plan;
}

/** What needs ECS to hold the deployment at test traffic: the gate inputs and wait-until: ready. */
export function gateAsks(given: RawInputs, inputs: Pick<Inputs, 'waitUntil'>): string[] {
  const asks = ['test-url', 'test-checks', 'test-command'].filter((n) => given[n]?.trim());
  if (inputs.waitUntil === 'ready') asks.push('wait-until: ready');
  return asks;
}

/** Inputs the native path does not (yet) honour, refused rather than ignored. */
export function nativeOnlyProblems(
  inputs: Pick<Inputs, 'testChecks' | 'testUrl'>,
  choice: EngineChoice,
): string[] {
  const problems: string[] = [];
  const on = `service deploys with ${engineName(choice)}`;
  if (inputs.testChecks.length > 0 && !inputs.testUrl)
    problems.push(
      `Input "test-checks" is given without "test-url", but the ${on}, where the action does not look up a test listener; write test-url (the URL of the service's test listener rule).`,
    );
  return problems;
}
