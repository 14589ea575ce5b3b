/** ELBv2 ARNs, derived from names so a seed always yields the same ARNs. */
import { createHash } from 'node:crypto';

export function shortId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 16);
}

export function loadBalancerArn(
  region: string,
  account: string,
  name: string,
  type: 'application' | 'network' = 'application',
): string {
  const kind = type === 'network' ? 'net' : 'app';
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${kind}/${name}/${shortId('lb', name)}`;
}

export function targetGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${shortId('tg', name)}`;
}

export function listenerArn(lbArn: string, port: number | string): string {
  return (
    lbArn.replace(':loadbalancer/', ':listener/') + `/${shortId('listener', lbArn, String(port))}`
  );
}

export function defaultRuleArn(listener: string): string {
  return listener.replace(':listener/', ':listener-rule/') + `/${shortId('rule', listener)}`;
}

/** A rule added through the API (`unique`: a random nonce) or a seed (`unique`: its priority). */
export function ruleArn(listener: string, unique: string): string {
  return (
    listener.replace(':listener/', ':listener-rule/') + `/${shortId('rule', listener, unique)}`
  );
}

/**
 * Load balancer and target group names as ELBv2 takes them: at most 32 alphanumerics and hyphens,
 * not starting or ending with a hyphen (a load balancer's also not with `internal-`). Returns the
 * problem, or undefined.
 */
export function nameProblem(
  kind: 'load balancer' | 'target group',
  name: string,
): string | undefined {
  if (!name) return `The ${kind} name must be specified`;
  if (name.length > 32) return `The ${kind} name '${name}' is longer than 32 characters`;
  if (!/^[A-Za-z0-9-]+$/.test(name))
    return `The ${kind} name '${name}' can contain only alphanumeric characters and hyphens`;
  if (name.startsWith('-') || name.endsWith('-'))
    return `The ${kind} name '${name}' cannot begin or end with a hyphen`;
  if (kind === 'load balancer' && name.startsWith('internal-'))
    return `The load balancer name '${name}' cannot begin with 'internal-'`;
  return undefined;
}
