/** ECS identifiers and ARNs (spec B.1). */
import { randomUUID } from 'node:crypto';

const LONG_MAX = 9223372036854775807n;

export function clusterArn(region: string, account: string, cluster: string): string {
  return `arn:aws:ecs:${region}:${account}:cluster/${cluster}`;
}

export function serviceArn(
  region: string,
  account: string,
  cluster: string,
  service: string,
): string {
  return `arn:aws:ecs:${region}:${account}:service/${cluster}/${service}`;
}

export function taskDefinitionArn(
  region: string,
  account: string,
  family: string,
  revision: number,
): string {
  return `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`;
}

/** `ecs-svc/<Long.MAX − createdAt ms>`, the scheme every published sample follows. */
export function taskSetId(createdAtMs: number, taken: (id: string) => boolean): string {
  let ms = Math.floor(createdAtMs);
  for (;;) {
    const id = `ecs-svc/${(LONG_MAX - BigInt(ms)).toString()}`;
    if (!taken(id)) return id;
    ms += 1;
  }
}

export function taskSetArn(
  region: string,
  account: string,
  cluster: string,
  service: string,
  id: string,
): string {
  return `arn:aws:ecs:${region}:${account}:task-set/${cluster}/${service}/${id}`;
}

export function taskArn(region: string, account: string, cluster: string): string {
  return `arn:aws:ecs:${region}:${account}:task/${cluster}/${randomUUID().replace(/-/g, '')}`;
}

/** The last path segment of an ARN, or the value itself when it is a plain name. */
export function nameFromArn(value: string): string {
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}
