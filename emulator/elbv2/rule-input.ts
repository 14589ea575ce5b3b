/**
 * Actions and conditions as the API takes them (listener default actions, rules), checked the way
 * ELBv2 checks them and turned into the records the data plane routes by.
 */
import { AwsError } from '../protocol/json-service.js';
import type { QueryParams } from '../protocol/query.js';
import type { EmulatorState, RuleAction, RuleCondition } from '../state.js';
import { integer, memberList, present, struct, structList, validation } from './params.js';

const MAX_TARGET_GROUPS_PER_FORWARD = 5;

/** Weights are integers 0-999; an omitted weight counts as 1 [infer]. */
export function parseWeight(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const weight = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(weight >= 0 && weight <= 999)) {
    throw validation(
      `Target group weight '${raw}' is not valid: write an integer from 0 to 999 (ForwardConfig.TargetGroups.member.N.Weight)`,
    );
  }
  return weight;
}

function forwardTargets(a: QueryParams): { targetGroupArn: string; weight: number }[] {
  const configured = structList(struct(a, 'ForwardConfig'), 'TargetGroups').map((t) => {
    if (!t.TargetGroupArn)
      throw validation('ForwardConfig.TargetGroups.member.N.TargetGroupArn is required');
    return { targetGroupArn: t.TargetGroupArn, weight: parseWeight(t.Weight) };
  });
  const scalar = a.TargetGroupArn;
  if (scalar && configured.length) {
    if (configured.length > 1 || configured[0]!.targetGroupArn !== scalar) {
      throw validation(
        'You cannot specify both a target group ARN and a forward config with other target groups: write only ForwardConfig.TargetGroups',
      );
    }
  }
  const targets = configured.length
    ? configured
    : scalar
      ? [{ targetGroupArn: scalar, weight: 1 }]
      : [];
  if (!targets.length)
    throw validation('A forward action needs TargetGroupArn or ForwardConfig.TargetGroups');
  if (targets.length > MAX_TARGET_GROUPS_PER_FORWARD)
    throw validation(
      `A forward action can have at most ${MAX_TARGET_GROUPS_PER_FORWARD} target groups`,
    );
  const arns = targets.map((t) => t.targetGroupArn);
  if (new Set(arns).size !== arns.length)
    throw validation('A target group can appear only once in a forward action');
  return targets;
}

function stickiness(a: QueryParams): { enabled: boolean; durationSeconds?: number } | undefined {
  const s = struct(a, 'ForwardConfig.TargetGroupStickinessConfig');
  if (s.Enabled === undefined) return undefined;
  const enabled = s.Enabled === 'true';
  const durationSeconds = integer(s, 'DurationSeconds', 1, 604_800);
  if (enabled && durationSeconds === undefined)
    throw validation(
      'TargetGroupStickinessConfig.DurationSeconds is required when stickiness is enabled',
    );
  return { enabled, ...(durationSeconds !== undefined ? { durationSeconds } : {}) };
}

function parseAction(a: QueryParams, index: number): RuleAction {
  const order = integer(a, 'Order', 1, 50_000) ?? index + 1;
  if (a.Type === 'forward') {
    const sticky = stickiness(a);
    return {
      type: 'forward',
      order,
      targetGroups: forwardTargets(a),
      ...(sticky ? { stickiness: sticky } : {}),
    };
  }
  if (a.Type === 'fixed-response') {
    const c = struct(a, 'FixedResponseConfig');
    if (!/^[245]\d\d$/.test(c.StatusCode ?? ''))
      throw validation(
        `FixedResponseConfig.StatusCode '${c.StatusCode ?? ''}' must match 2XX, 4XX or 5XX`,
      );
    return {
      type: 'fixed-response',
      order,
      statusCode: c.StatusCode!,
      ...(c.ContentType ? { contentType: c.ContentType } : {}),
      ...(c.MessageBody !== undefined ? { messageBody: c.MessageBody } : {}),
    };
  }
  throw validation(
    `Action type '${a.Type ?? ''}' is not supported by the emulator: write forward or fixed-response`,
  );
}

/**
 * `Actions` (or `DefaultActions`): exactly one forward or fixed-response, every target group known
 * and not already in use by another load balancer.
 */
export function parseActions(
  state: EmulatorState,
  params: QueryParams,
  name: 'Actions' | 'DefaultActions',
  loadBalancerArn: string,
): RuleAction[] {
  const actions = structList(params, name).map(parseAction);
  if (actions.length !== 1) {
    throw validation(
      `${name} must contain exactly one action (forward or fixed-response); got ${actions.length}`,
    );
  }
  for (const action of actions) {
    if (action.type !== 'forward') continue;
    for (const { targetGroupArn } of action.targetGroups) {
      const tg = state.elb.targetGroups.get(targetGroupArn);
      if (!tg)
        throw new AwsError('TargetGroupNotFound', `Target group '${targetGroupArn}' not found`);
      if (tg.loadBalancerArns.some((lb) => lb !== loadBalancerArn)) {
        throw new AwsError(
          'TargetGroupAssociationLimit',
          `The following target groups cannot be associated with more than one load balancer: ${targetGroupArn}`,
        );
      }
    }
  }
  return actions;
}

type Field = RuleCondition['field'];
const CONFIG: Record<Field, string> = {
  'path-pattern': 'PathPatternConfig',
  'host-header': 'HostHeaderConfig',
  'http-header': 'HttpHeaderConfig',
};

function parseCondition(c: QueryParams): RuleCondition {
  const field = c.Field as Field;
  if (!(field in CONFIG)) {
    throw validation(
      `Condition field '${c.Field ?? ''}' is not supported by the emulator: write path-pattern, http-header or host-header`,
    );
  }
  const config = struct(c, CONFIG[field]);
  if (present(config, 'RegexValues') || present(c, 'RegexValues'))
    throw validation(
      'RegexValues are not supported by the emulator: write Values with * and ? wildcards',
    );
  const legacy = memberList(c, 'Values');
  const values = memberList(config, 'Values');
  if (legacy.length && values.length)
    throw validation(`Specify Values or ${CONFIG[field]}.Values in a ${field} condition, not both`);
  if (field === 'http-header' && legacy.length)
    throw validation('An http-header condition takes HttpHeaderConfig (HttpHeaderName and Values)');
  const patterns = values.length ? values : legacy;
  if (!patterns.length) throw validation(`A ${field} condition needs at least one value`);
  const tooLong = patterns.find((v) => v.length > 128);
  if (tooLong !== undefined)
    throw validation(`Condition value '${tooLong}' is longer than 128 characters`);
  if (field !== 'http-header') return { field, values: patterns };
  if (!config.HttpHeaderName || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,40}$/.test(config.HttpHeaderName))
    throw validation(
      `HttpHeaderConfig.HttpHeaderName '${config.HttpHeaderName ?? ''}' is not a valid header name`,
    );
  return { field, headerName: config.HttpHeaderName, values: patterns };
}

/** A rule's `Conditions`: path-pattern and host-header at most once each; at most 5 values in all. */
export function parseConditions(params: QueryParams): RuleCondition[] {
  const conditions = structList(params, 'Conditions').map(parseCondition);
  for (const field of ['path-pattern', 'host-header'] as const) {
    if (conditions.filter((c) => c.field === field).length > 1)
      throw validation(`A rule can have at most one ${field} condition`);
  }
  const values = conditions.reduce((n, c) => n + c.values.length, 0);
  if (values > 5)
    throw validation(`A rule can have at most 5 condition values in all; got ${values}`);
  return conditions;
}
