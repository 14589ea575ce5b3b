/** ELBv2 ARNs, derived from names so a seed always yields the same ARNs. */
import { createHash } from 'node:crypto';

export function shortId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 16);
}

export function loadBalancerArn(region: string, account: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${name}/${shortId('lb', name)}`;
}

export function targetGroupArn(region: string, account: string, name: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${shortId('tg', name)}`;
}

export function listenerArn(lbArn: string, port: number): string {
  return (
    lbArn.replace(':loadbalancer/', ':listener/') + `/${shortId('listener', lbArn, String(port))}`
  );
}

export function defaultRuleArn(listener: string): string {
  return listener.replace(':listener/', ':listener-rule/') + `/${shortId('rule', listener)}`;
}
