/**
 * RegisterTargets, DeregisterTargets, DescribeTargetHealth. A target group's targets are the tasks
 * of every ECS task set registered in it plus the targets registered through the API.
 */
import { isIPv4 } from 'node:net';
import { AwsError } from '../protocol/json-service.js';
import type { QueryHandler, QueryParams } from '../protocol/query.js';
import type { EmulatorState, RegisteredTarget, TargetGroup } from '../state.js';
import { tgNotFound } from './errors.js';
import { integer, structList, validation } from './params.js';
import { targetGroupInUse } from './rules.js';

function targetGroupOf(state: EmulatorState, params: QueryParams): TargetGroup {
  const tg = state.elb.targetGroups.get(params.TargetGroupArn ?? '');
  if (!tg) throw tgNotFound();
  return tg;
}

/** `Targets.member.N`: ids as the target type wants them; the port defaults to the group's. */
function targetsOf(tg: TargetGroup, params: QueryParams, need: boolean): RegisteredTarget[] {
  const targets = structList(params, 'Targets').map((t) => {
    const id = t.Id ?? '';
    const valid =
      tg.targetType === 'ip'
        ? isIPv4(id)
        : tg.targetType === 'instance'
          ? /^i-[0-9a-f]{8,17}$/.test(id)
          : id.length > 0;
    if (!valid) {
      throw new AwsError(
        'InvalidTarget',
        `The target Id '${id}' is not valid for a target group of type ${tg.targetType}`,
      );
    }
    const port = integer(t, 'Port', 1, 65_535) ?? tg.port;
    return { id, port, ...(t.AvailabilityZone ? { availabilityZone: t.AvailabilityZone } : {}) };
  });
  if (need && !targets.length) throw validation('Targets must list at least one target');
  return targets;
}

const sameTarget = (a: RegisteredTarget, b: RegisteredTarget): boolean =>
  a.id === b.id && a.port === b.port;

const HEALTH = {
  draining: {
    State: 'draining',
    Reason: 'Target.DeregistrationInProgress',
    Description: 'Target deregistration is in progress',
  },
  unhealthy: {
    State: 'unhealthy',
    Reason: 'Target.FailedHealthChecks',
    Description: 'Health checks failed',
  },
  initial: {
    State: 'initial',
    Reason: 'Elb.RegistrationInProgress',
    Description: 'Target registration is in progress',
  },
  unused: {
    State: 'unused',
    Reason: 'Target.NotInUse',
    Description: 'Target group is not configured to receive traffic from the load balancer',
  },
  healthy: { State: 'healthy' },
};

interface HealthRow {
  Target: { Id: string; Port: number; AvailabilityZone?: string };
  HealthCheckPort: string;
  TargetHealth: Record<string, string>;
}

/** The tasks of every task set registered in the target group. */
function ecsTargets(state: EmulatorState, tg: TargetGroup): HealthRow[] {
  const rows: HealthRow[] = [];
  for (const cluster of state.ecs.clusters.values()) {
    for (const service of cluster.services.values()) {
      for (const ts of service.taskSets) {
        const lb = ts.loadBalancers.find((l) => l.targetGroupArn === tg.arn);
        if (!lb) continue;
        for (const task of cluster.tasks) {
          if (task.taskSetId !== ts.id || task.lastStatus === 'STOPPED') continue;
          const health =
            ts.status === 'DRAINING'
              ? HEALTH.draining
              : task.healthStatus === 'HEALTHY'
                ? HEALTH.healthy
                : task.healthStatus === 'UNHEALTHY'
                  ? HEALTH.unhealthy
                  : HEALTH.initial;
          rows.push({
            Target: { Id: task.privateIp, Port: lb.containerPort ?? tg.port },
            HealthCheckPort: String(lb.containerPort ?? tg.port),
            TargetHealth: health,
          });
        }
      }
    }
  }
  return rows;
}

/** API-registered targets: `unused` until a listener or rule forwards to the group, then healthy [infer]. */
function registeredTargets(state: EmulatorState, tg: TargetGroup): HealthRow[] {
  const health = targetGroupInUse(state, tg.arn) ? HEALTH.healthy : HEALTH.unused;
  return (tg.registered ?? []).map((t) => ({
    Target: {
      Id: t.id,
      Port: t.port,
      ...(t.availabilityZone ? { AvailabilityZone: t.availabilityZone } : {}),
    },
    HealthCheckPort: String(t.port),
    TargetHealth: health,
  }));
}

export function targetHealth(state: EmulatorState, tg: TargetGroup): HealthRow[] {
  return [...ecsTargets(state, tg), ...registeredTargets(state, tg)];
}

export function targetHandlers(state: EmulatorState): Record<string, QueryHandler> {
  return {
    RegisterTargets(params) {
      const tg = targetGroupOf(state, params);
      const registered = (tg.registered ??= []);
      for (const t of targetsOf(tg, params, true)) {
        if (!registered.some((r) => sameTarget(r, t))) registered.push(t);
      }
      return {};
    },
    DeregisterTargets(params) {
      const tg = targetGroupOf(state, params);
      const targets = targetsOf(tg, params, true);
      const missing = targets.find((t) => !(tg.registered ?? []).some((r) => sameTarget(r, t)));
      if (missing) {
        throw new AwsError(
          'InvalidTarget',
          `The following targets are not registered in target group '${tg.name}': '${missing.id}:${missing.port}'`,
        );
      }
      tg.registered = (tg.registered ?? []).filter((r) => !targets.some((t) => sameTarget(r, t)));
      return {};
    },
    DescribeTargetHealth(params) {
      const tg = targetGroupOf(state, params);
      const wanted = targetsOf(tg, params, false);
      const rows = targetHealth(state, tg).filter(
        (r) =>
          !wanted.length || wanted.some((w) => w.id === r.Target.Id && w.port === r.Target.Port),
      );
      return { TargetHealthDescriptions: rows };
    },
  };
}
