/**
 * API-time checks for ECS-native deployment inputs (spec §1.4, §1.5). Every message is ours [infer]:
 * AWS's texts are not public, so each one names the field, the bad value and what to write instead.
 * Pure: `undefined` means the input is acceptable.
 */
import type { HookStage } from './model.js';

const STRATEGIES = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];
const HOOK_STAGES: HookStage[] = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
];
const MAX_HOOKS_PER_TYPE = 10;

export function isNativeStrategy(strategy: unknown): boolean {
  return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY';
}

const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const tenths = (v: number) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;

function rangeProblem(field: string, value: unknown, min: number, max: number): string | undefined {
  if (value === undefined || isInt(value, min, max)) return undefined;
  return `${field} ${JSON.stringify(value)} is out of range: write a whole number of minutes from ${min} to ${max}.`;
}

function percentProblem(field: string, value: unknown, min: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || value < min || value > 100 || !tenths(value)) {
    return `${field} ${JSON.stringify(value)} is invalid: write a percentage from ${min} to 100 in steps of 0.1.`;
  }
  return undefined;
}

function strategyProblem(config: any, controller: string): string | undefined {
  const strategy = config.strategy ?? 'ROLLING';
  if (!STRATEGIES.includes(strategy)) {
    return `deploymentConfiguration.strategy "${strategy}" is not a strategy: write ROLLING, BLUE_GREEN, LINEAR or CANARY.`;
  }
  if (strategy !== 'ROLLING' && controller !== 'ECS') {
    return `deploymentConfiguration.strategy ${strategy} needs the ECS deployment controller (this service uses ${controller}): set deploymentController.type to ECS or leave strategy out.`;
  }
  if (strategy === 'BLUE_GREEN' && config.bakeTimeInMinutes === undefined) {
    return 'deploymentConfiguration.bakeTimeInMinutes is required for strategy BLUE_GREEN: write the minutes (0-1440) both revisions keep running after the production shift.';
  }
  if (config.linearConfiguration !== undefined && strategy !== 'LINEAR') {
    return `deploymentConfiguration.linearConfiguration is only valid with strategy LINEAR (strategy is ${strategy}): remove it or set strategy to LINEAR.`;
  }
  if (config.canaryConfiguration !== undefined && strategy !== 'CANARY') {
    return `deploymentConfiguration.canaryConfiguration is only valid with strategy CANARY (strategy is ${strategy}): remove it or set strategy to CANARY.`;
  }
  return (
    rangeProblem('deploymentConfiguration.bakeTimeInMinutes', config.bakeTimeInMinutes, 0, 1440) ??
    percentProblem(
      'deploymentConfiguration.linearConfiguration.stepPercent',
      config.linearConfiguration?.stepPercent,
      3,
    ) ??
    rangeProblem(
      'deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes',
      config.linearConfiguration?.stepBakeTimeInMinutes,
      0,
      1440,
    ) ??
    percentProblem(
      'deploymentConfiguration.canaryConfiguration.canaryPercent',
      config.canaryConfiguration?.canaryPercent,
      0.1,
    ) ??
    rangeProblem(
      'deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes',
      config.canaryConfiguration?.canaryBakeTimeInMinutes,
      0,
      1440,
    )
  );
}

function hookProblem(hook: any, field: string): string | undefined {
  const type = hook?.targetType ?? 'AWS_LAMBDA';
  if (type !== 'AWS_LAMBDA' && type !== 'PAUSE') {
    return `${field}.targetType "${type}" is not a hook type: write AWS_LAMBDA or PAUSE.`;
  }
  const stages = hook?.lifecycleStages;
  if (!Array.isArray(stages) || stages.length === 0) {
    return `${field}.lifecycleStages is required: list one or more of ${HOOK_STAGES.join(', ')}.`;
  }
  const unknown = stages.find((s: unknown) => !HOOK_STAGES.includes(s as HookStage));
  if (unknown !== undefined) {
    return `${field}.lifecycleStages has "${unknown}", which is not a hook stage: use ${HOOK_STAGES.join(', ')}.`;
  }
  if (type === 'PAUSE') {
    const shift = stages.find(
      (s: string) => s === 'TEST_TRAFFIC_SHIFT' || s === 'PRODUCTION_TRAFFIC_SHIFT',
    );
    if (shift) {
      return `${field}.lifecycleStages has ${shift}, where a PAUSE hook cannot run (it re-runs during rollback): pause at POST_TEST_TRAFFIC_SHIFT or PRE_PRODUCTION_TRAFFIC_SHIFT instead.`;
    }
    for (const key of ['hookTargetArn', 'roleArn', 'hookDetails']) {
      if (hook[key] !== undefined) {
        return `${field}.${key} is not used by a PAUSE hook: remove it, or set targetType AWS_LAMBDA.`;
      }
    }
  } else {
    if (!hook.hookTargetArn) {
      return `${field}.hookTargetArn is required for an AWS_LAMBDA hook: write the Lambda function ARN.`;
    }
    if (!hook.roleArn) {
      return `${field}.roleArn is required for an AWS_LAMBDA hook: write a role ECS can assume that may call lambda:InvokeFunction.`;
    }
  }
  const timeout = hook.timeoutConfiguration;
  const max = type === 'PAUSE' ? 20160 : 1440;
  const action = timeout?.action;
  if (action !== undefined && action !== 'ROLLBACK' && action !== 'CONTINUE') {
    return `${field}.timeoutConfiguration.action "${action}" is invalid: write ROLLBACK or CONTINUE.`;
  }
  return rangeProblem(
    `${field}.timeoutConfiguration.timeoutInMinutes`,
    timeout?.timeoutInMinutes,
    1,
    max,
  );
}

function hooksProblem(config: any): string | undefined {
  const hooks = config.lifecycleHooks;
  if (hooks === undefined) return undefined;
  const strategy = config.strategy ?? 'ROLLING';
  if (!Array.isArray(hooks))
    return 'deploymentConfiguration.lifecycleHooks must be a list of hooks.';
  if (hooks.length && !isNativeStrategy(strategy)) {
    return `deploymentConfiguration.lifecycleHooks need strategy BLUE_GREEN, LINEAR or CANARY (strategy is ${strategy}): set the strategy or remove the hooks.`;
  }
  for (const type of ['AWS_LAMBDA', 'PAUSE']) {
    const count = hooks.filter((h: any) => (h?.targetType ?? 'AWS_LAMBDA') === type).length;
    if (count > MAX_HOOKS_PER_TYPE) {
      return `deploymentConfiguration.lifecycleHooks has ${count} ${type} hooks: at most ${MAX_HOOKS_PER_TYPE} per type are allowed, combine stages into fewer hooks.`;
    }
  }
  for (let i = 0; i < hooks.length; i++) {
    const problem = hookProblem(hooks[i], `deploymentConfiguration.lifecycleHooks[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function monitorsProblem(config: any): string | undefined {
  const alarms = config.alarms;
  if (alarms !== undefined) {
    for (const key of ['alarmNames', 'enable', 'rollback']) {
      if (alarms[key] === undefined) {
        return `deploymentConfiguration.alarms.${key} is required: write alarmNames (a list), enable and rollback (true or false).`;
      }
    }
  }
  const breaker = config.deploymentCircuitBreaker;
  if (breaker !== undefined) {
    for (const key of ['enable', 'rollback']) {
      if (typeof breaker[key] !== 'boolean') {
        return `deploymentConfiguration.deploymentCircuitBreaker.${key} is required: write true or false.`;
      }
    }
    const threshold = breaker.thresholdConfiguration;
    if (threshold !== undefined) {
      if (!['BOUNDED_PERCENT', 'UNBOUNDED_PERCENT', 'COUNT'].includes(threshold.type)) {
        return `deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.type "${threshold.type}" is invalid: write BOUNDED_PERCENT, UNBOUNDED_PERCENT or COUNT.`;
      }
      if (typeof threshold.value !== 'number' || threshold.value < 1) {
        return 'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value must be a number of at least 1.';
      }
    }
  }
  return undefined;
}

function loadBalancersProblem(loadBalancers: any[], strategy: string): string | undefined {
  const advanced = loadBalancers.filter((lb) => lb?.advancedConfiguration !== undefined);
  if (isNativeStrategy(strategy) && loadBalancers.length > 1) {
    return `loadBalancers has ${loadBalancers.length} entries: strategy ${strategy} supports one target group pair; keep one entry with its advancedConfiguration.`;
  }
  for (const lb of advanced) {
    const adv = lb.advancedConfiguration;
    for (const key of ['alternateTargetGroupArn', 'productionListenerRule', 'roleArn']) {
      if (!adv[key]) {
        return `loadBalancers[0].advancedConfiguration.${key} is required: write ${
          key === 'roleArn'
            ? 'the infrastructure role ECS uses to change the listener rules'
            : key === 'alternateTargetGroupArn'
              ? 'the second target group the new revision registers in'
              : 'the listener rule (ALB) or listener (NLB) carrying production traffic'
        }.`;
      }
    }
    if (adv.testListenerRule === '') {
      return 'loadBalancers[0].advancedConfiguration.testListenerRule is empty: write a listener rule ARN or leave the field out.';
    }
    if (adv.alternateTargetGroupArn === lb.targetGroupArn) {
      return 'loadBalancers[0].advancedConfiguration.alternateTargetGroupArn is the same as targetGroupArn: write the other target group of the pair.';
    }
  }
  return undefined;
}

/** The native-deployment problem in a CreateService/UpdateService input, given the controller the service will have. */
export function nativeInputProblem(
  config: Record<string, any> | undefined,
  loadBalancers: any[] | undefined,
  controller: string,
): string | undefined {
  const c = config ?? {};
  return (
    strategyProblem(c, controller) ??
    hooksProblem(c) ??
    monitorsProblem(c) ??
    loadBalancersProblem(loadBalancers ?? [], c.strategy ?? 'ROLLING')
  );
}

const CONTROLLER_MOVES = [
  'CODE_DEPLOY>ECS',
  'CODE_DEPLOY>EXTERNAL',
  'ECS>EXTERNAL',
  'EXTERNAL>ECS',
];

/** UpdateService deploymentController changes (spec §1.5). */
export function controllerChangeProblem(
  from: string,
  to: unknown,
  context: { ongoingDeployment: boolean; config: Record<string, any> },
): string | undefined {
  if (to === from) return undefined;
  if (to !== 'ECS' && to !== 'CODE_DEPLOY' && to !== 'EXTERNAL') {
    return `deploymentController.type "${String(to)}" is invalid: write ECS, CODE_DEPLOY or EXTERNAL.`;
  }
  if (!CONTROLLER_MOVES.includes(`${from}>${to}`)) {
    return `deploymentController.type cannot change from ${from} to ${to}: allowed are CODE_DEPLOY to ECS or EXTERNAL, ECS to EXTERNAL and EXTERNAL to ECS; create a new service for ${to}.`;
  }
  if (context.ongoingDeployment) {
    return `deploymentController.type cannot change from ${from} to ${to} during an ongoing service deployment: wait until it finishes or stop it, then retry.`;
  }
  if (from === 'ECS') {
    const c = context.config;
    if (c.alarms?.enable) {
      return `deploymentController.type cannot change from ECS while deploymentConfiguration.alarms is enabled: set alarms.enable false first.`;
    }
    if (c.deploymentCircuitBreaker?.enable) {
      return `deploymentController.type cannot change from ECS while deploymentConfiguration.deploymentCircuitBreaker is enabled: set it to enable false first.`;
    }
    if (isNativeStrategy(c.strategy)) {
      return `deploymentController.type cannot change from ECS while deploymentConfiguration.strategy is ${c.strategy}: set strategy ROLLING first.`;
    }
  }
  return undefined;
}
