/**
 * The AWS query protocol as ELBv2 speaks it: form-encoded `Action=...&Version=...` requests and
 * XML responses in the service namespace; errors as `<ErrorResponse>` (Type Sender/Receiver).
 */
import { AwsError, type ServiceContext } from './json-service.js';

export type QueryParams = Record<string, string>;
export type QueryHandler = (params: QueryParams, ctx: ServiceContext) => Record<string, unknown>;

export interface QueryService {
  /** Short name used in call logs and fault injection: `elbv2`. */
  readonly name: string;
  readonly version: string;
  readonly xmlns: string;
  readonly handlers: Readonly<Record<string, QueryHandler>>;
}

/** `Names.member.1=a&Names.member.2=b` → ['a', 'b']. */
export function memberList(params: QueryParams, name: string): string[] {
  const out: [number, string][] = [];
  const prefix = `${name}.member.`;
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith(prefix)) out.push([Number(key.slice(prefix.length)), value]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** Arrays become `<member>` lists, Dates ISO 8601, undefined members are left out. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

export function queryResponse(
  service: QueryService,
  action: string,
  result: unknown,
  requestId: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${service.xmlns}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryError(error: AwsError, requestId: string): string {
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
