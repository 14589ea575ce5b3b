/**
 * Which listener rule a request matches, as an ALB decides it: rules in priority order, the default
 * rule last; a rule matches when every condition does, a condition when any of its values does.
 * Patterns take `*` (any run of characters) and `?` (exactly one). Paths compare case-sensitively
 * and without the query string; host names, header names and header values case-insensitively.
 */
import type { ListenerRule, RuleCondition } from '../state.js';

export interface RequestFacts {
  /** The request target as sent (`/path?query`). */
  url: string;
  /** Header names in lower case (as node gives them). */
  headers: Record<string, string | string[] | undefined>;
}

export function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function headerValues(request: RequestFacts, name: string): string[] {
  const value = request.headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function conditionMatches(condition: RuleCondition, request: RequestFacts): boolean {
  switch (condition.field) {
    case 'path-pattern': {
      const path = request.url.split('?')[0] ?? '';
      return condition.values.some((p) => wildcardMatches(p, path, false));
    }
    case 'host-header': {
      const host = (headerValues(request, 'host')[0] ?? '').replace(/:\d+$/, '');
      return condition.values.some((p) => wildcardMatches(p, host, true));
    }
    case 'http-header': {
      const values = headerValues(request, condition.headerName ?? '');
      return values.some((v) => condition.values.some((p) => wildcardMatches(p, v, true)));
    }
  }
}

/** `rules` in evaluation order (listenerRules); the default rule has no conditions and always matches. */
export function matchingRule(
  rules: ListenerRule[],
  request: RequestFacts,
): ListenerRule | undefined {
  return rules.find((rule) => rule.conditions.every((c) => conditionMatches(c, request)));
}
