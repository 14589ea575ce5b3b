/**
 * Reading nested awsQuery parameters: `Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight=10`.
 * A structure is the flat map of the keys under its prefix; an empty list is sent as `Name=` alone.
 */
import { AwsError } from '../protocol/json-service.js';
import { memberList, type QueryParams } from '../protocol/query.js';

/** The keys under `prefix.`, without it. */
export function struct(params: QueryParams, prefix: string): QueryParams {
  const out: QueryParams = {};
  const head = `${prefix}.`;
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith(head)) out[key.slice(head.length)] = value;
  }
  return out;
}

/** Whether the request carries the member at all (an empty list still counts). */
export function present(params: QueryParams, name: string): boolean {
  return name in params || Object.keys(params).some((k) => k.startsWith(`${name}.`));
}

/** `Name.member.N.*` → one flat map per N, in order. */
export function structList(params: QueryParams, name: string): QueryParams[] {
  const indexes = new Set<number>();
  const head = `${name}.member.`;
  for (const key of Object.keys(params)) {
    if (key.startsWith(head)) indexes.add(Number(key.slice(head.length).split('.')[0]));
  }
  return [...indexes].sort((a, b) => a - b).map((i) => struct(params, `${head}${i}`));
}

export { memberList };

export function validation(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

export function required(params: QueryParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') {
    throw validation(
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** An integer member within bounds, or undefined when absent. */
export function integer(
  params: QueryParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw validation(
      `1 validation error detected: Value '${raw}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function tagsOf(params: QueryParams): { key: string; value: string }[] {
  return structList(params, 'Tags').map((t) => {
    if (!t.Key) throw validation('A tag key must be specified (Tags.member.N.Key)');
    return { key: t.Key, value: t.Value ?? '' };
  });
}
