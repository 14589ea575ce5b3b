import type { DeploymentLifecycleHook, Service } from '@aws-sdk/client-ecs';

/** The hook the gate and `wait-until: ready` need: ECS holds the deployment at test traffic. */
export const GATE_STAGE = 'POST_TEST_TRAFFIC_SHIFT';

/** The service's PAUSE hook at POST_TEST_TRAFFIC_SHIFT, if infrastructure declared one. */
export function gateHook(
  service: Pick<Service, 'deploymentConfiguration'>,
): DeploymentLifecycleHook | undefined {
  return (service.deploymentConfiguration?.lifecycleHooks ?? []).find(
    (h) => h.targetType === 'PAUSE' && (h.lifecycleStages ?? []).includes(GATE_STAGE),
  );
}

/**
 * Refuses, before anything changes, what needs ECS to hold the deployment at test traffic when
 * the service has no PAUSE hook there. The action never adds one: hooks persist on the service
 * and would silently change every later deployment; infrastructure declares it.
 * `asks` names what needs the hold, e.g. `test-url` or `wait-until: ready`.
 */
export function gateHookProblem(
  service: Pick<Service, 'serviceName' | 'deploymentConfiguration'>,
  asks: readonly string[],
): string | undefined {
  if (asks.length === 0 || gateHook(service)) return undefined;
  const name = service.serviceName ?? 'the service';
  return (
    `${asks.join(' and ')} need${asks.length === 1 ? 's' : ''} ECS to hold the deployment at test traffic, but service "${name}" has no PAUSE lifecycle hook at ${GATE_STAGE}; ` +
    `declare one in infrastructure: CDK CfnService deploymentConfiguration.lifecycleHooks [{targetType: 'PAUSE', lifecycleStages: ['${GATE_STAGE}'], timeoutConfiguration: {timeoutInMinutes: 60, action: 'ROLLBACK'}}], ` +
    `Terraform deployment_configuration { lifecycle_hook { target_type = "PAUSE", lifecycle_stages = ["${GATE_STAGE}"] } }, ` +
    `or aws ecs update-service --deployment-configuration with that lifecycleHooks entry.`
  );
}

/** The pause of the gate hook, in minutes, when it would end (by its own timeout) before `timeoutMs`. */
export function gateHookExpiresFirst(
  service: Pick<Service, 'deploymentConfiguration'>,
  timeoutMs: number,
): { minutes: number; action: string } | undefined {
  const hook = gateHook(service);
  if (!hook) return undefined;
  // The model's defaults when the timeout is left out: 1440 minutes, ROLLBACK (spec §3.2).
  const minutes = hook.timeoutConfiguration?.timeoutInMinutes ?? 1440;
  const action = hook.timeoutConfiguration?.action ?? 'ROLLBACK';
  return minutes * 60_000 < timeoutMs ? { minutes, action } : undefined;
}

/**
 * The ECS console page of a service deployment, from its ARN
 * `arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>`.
 */
export function serviceDeploymentConsoleUrl(region: string, arn: string): string {
  const match = /:service-deployment\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(arn);
  if (!match) return `https://${region}.console.aws.amazon.com/ecs/v2/home?region=${region}`;
  const [, cluster, service, id] = match.map((p) => encodeURIComponent(p));
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${cluster}/services/${service}/deployments/${id}?region=${region}`;
}
