/** CreateTargetGroup, DescribeTargetGroups, DeleteTargetGroup. */
import { AwsError } from '../protocol/json-service.js';
import type { QueryHandler, QueryParams } from '../protocol/query.js';
import type { EmulatorState, TargetGroup, TargetGroupHealthCheck } from '../state.js';
import { lbNotFound, tgNotFound } from './errors.js';
import { nameProblem, targetGroupArn } from './names.js';
import { integer, memberList, struct, tagsOf, validation } from './params.js';
import { targetGroupInUse } from './rules.js';
import { setTags } from './tags.js';
import { tgView } from './views.js';

const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'];
const TARGET_TYPES = ['instance', 'ip', 'lambda', 'alb'];

function oneOf(params: QueryParams, name: string, allowed: string[], fallback?: string): string {
  const value = params[name] ?? fallback;
  if (value === undefined || !allowed.includes(value))
    throw validation(`${name} '${value ?? ''}' is not valid: write one of ${allowed.join(', ')}`);
  return value;
}

function healthCheckOf(params: QueryParams, protocol: string): TargetGroupHealthCheck {
  const http = protocol.startsWith('HTTP');
  const hcProtocol = oneOf(params, 'HealthCheckProtocol', PROTOCOLS, http ? protocol : 'TCP');
  return {
    enabled: params.HealthCheckEnabled !== 'false',
    protocol: hcProtocol,
    port: params.HealthCheckPort ?? 'traffic-port',
    intervalSeconds: integer(params, 'HealthCheckIntervalSeconds', 5, 300) ?? 30,
    timeoutSeconds: integer(params, 'HealthCheckTimeoutSeconds', 2, 120) ?? (http ? 5 : 10),
    healthyThresholdCount: integer(params, 'HealthyThresholdCount', 2, 10) ?? 5,
    unhealthyThresholdCount: integer(params, 'UnhealthyThresholdCount', 2, 10) ?? 2,
    matcher: struct(params, 'Matcher').HttpCode ?? '200',
  };
}

/** The target group a CreateTargetGroup request describes (before the name is checked for use). */
function targetGroupFrom(state: EmulatorState, params: QueryParams): TargetGroup {
  const name = params.Name ?? '';
  const problem = nameProblem('target group', name);
  if (problem) throw validation(problem);
  const targetType = oneOf(params, 'TargetType', TARGET_TYPES, 'instance');
  const lambda = targetType === 'lambda';
  const protocol = lambda ? '' : oneOf(params, 'Protocol', PROTOCOLS);
  const port = integer(params, 'Port', 1, 65_535);
  if (!lambda && port === undefined)
    throw validation('Port is required for a target group (1-65535)');
  if (!lambda && !params.VpcId) throw validation('VpcId is required for a target group');
  const healthCheck = healthCheckOf(params, protocol || 'HTTP');
  return {
    arn: targetGroupArn(state.region, state.account, name),
    name,
    port: port ?? 0,
    protocol,
    vpcId: params.VpcId ?? '',
    targetType,
    healthCheckPath: params.HealthCheckPath ?? '/',
    loadBalancerArns: [],
    healthCheck,
    registered: [],
  };
}

const sameSettings = (a: TargetGroup, b: TargetGroup): boolean =>
  a.port === b.port &&
  a.protocol === b.protocol &&
  a.vpcId === b.vpcId &&
  a.targetType === b.targetType;

export function targetGroupHandlers(state: EmulatorState): Record<string, QueryHandler> {
  const { elb } = state;
  return {
    CreateTargetGroup(params) {
      const tg = targetGroupFrom(state, params);
      const existing = [...elb.targetGroups.values()].find((t) => t.name === tg.name);
      if (existing) {
        // Idempotent for the same settings, as AWS.
        if (sameSettings(existing, tg)) return { TargetGroups: [tgView(existing)] };
        throw new AwsError(
          'DuplicateTargetGroupName',
          `A target group with the name '${tg.name}' already exists`,
        );
      }
      const tags = tagsOf(params);
      elb.targetGroups.set(tg.arn, tg);
      setTags(state, tg.arn, tags);
      return { TargetGroups: [tgView(tg)] };
    },
    DescribeTargetGroups(params) {
      const arns = memberList(params, 'TargetGroupArns');
      const names = memberList(params, 'Names');
      const lbArn = params.LoadBalancerArn;
      if (lbArn && !elb.loadBalancers.has(lbArn)) throw lbNotFound();
      let tgs = [...elb.targetGroups.values()];
      if (lbArn) tgs = tgs.filter((tg) => tg.loadBalancerArns.includes(lbArn));
      if (arns.length || names.length) {
        tgs = tgs.filter((tg) => arns.includes(tg.arn) || names.includes(tg.name));
        if (tgs.length < arns.length + names.length) throw tgNotFound();
      }
      return { TargetGroups: tgs.map(tgView) };
    },
    /** Deleting an unknown target group succeeds [infer: the model lists no not-found error]. */
    DeleteTargetGroup(params) {
      const arn = params.TargetGroupArn ?? '';
      if (!arn) throw validation('TargetGroupArn is required');
      if (!elb.targetGroups.has(arn)) return {};
      if (targetGroupInUse(state, arn)) {
        throw new AwsError(
          'ResourceInUse',
          `Target group '${arn}' is currently in use by a listener or a rule`,
        );
      }
      elb.targetGroups.delete(arn);
      elb.tags.delete(arn);
      return {};
    },
  };
}
