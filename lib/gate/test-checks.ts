import { splitCommand } from '../text/list.js';

/** One HTTP check against the test listener: `GET /version 200 contains=v2 header=x-version:v2`. */
export interface TestCheck {
  method: string;
  path: string;
  /** An exact status (200) or a class ('2xx'). */
  status: string;
  contains?: string;
  header?: { name: string; value?: string };
  source: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];
const EXAMPLE = 'GET /version 200 contains=v2';

/** The checks when test-url is given without test-checks: the root answers 2xx. */
export const DEFAULT_CHECKS: TestCheck[] = [
  { method: 'GET', path: '/', status: '2xx', source: 'GET / 2xx' },
];

/** Parses `test-checks`, one check per line (`#` comments allowed); every bad line is reported. */
export function parseTestChecks(text: string): { checks: TestCheck[]; problems: string[] } {
  const checks: TestCheck[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `Input "test-checks" line ${index + 1} "${line}"`;
    const words = splitCommand(line);
    if ('problem' in words) {
      problems.push(`${where} ${words.problem}; close the quote`);
      return;
    }
    const [method = '', path = '', ...rest] = words.items;
    if (!METHODS.includes(method.toUpperCase())) {
      problems.push(
        `${where} starts with "${method}"; write a method (${METHODS.join(', ')}) then a path, e.g. ${EXAMPLE}`,
      );
      return;
    }
    if (!path.startsWith('/')) {
      problems.push(`${where} has path "${path}"; write a path starting with /, e.g. ${EXAMPLE}`);
      return;
    }
    const check: TestCheck = { method: method.toUpperCase(), path, status: '2xx', source: line };
    for (const word of rest) {
      if (/^[1-5](\d\d|xx)$/.test(word)) check.status = word;
      else if (word.startsWith('contains=')) check.contains = word.slice('contains='.length);
      else if (word.startsWith('header=')) {
        const spec = word.slice('header='.length);
        const colon = spec.indexOf(':');
        check.header =
          colon === -1
            ? { name: spec.toLowerCase() }
            : {
                name: spec.slice(0, colon).trim().toLowerCase(),
                value: spec.slice(colon + 1).trim(),
              };
        if (!check.header.name)
          problems.push(
            `${where} has an empty header name; write header=Name or header=Name:value`,
          );
      } else {
        problems.push(
          `${where} has "${word}"; write a status (200 or 2xx), contains=<text> or header=<name>:<value>`,
        );
        return;
      }
    }
    checks.push(check);
  });
  return { checks, problems };
}

export interface CheckResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Why a response fails a check, or undefined when it passes. */
export function checkFailure(check: TestCheck, response: CheckResponse): string | undefined {
  const expected = check.status;
  const statusOk = expected.endsWith('xx')
    ? Math.floor(response.status / 100) === Number(expected[0])
    : response.status === Number(expected);
  if (!statusOk) return `status ${response.status}, expected ${expected}${excerpt(response.body)}`;
  if (check.contains !== undefined && !response.body.includes(check.contains)) {
    return `body does not contain "${check.contains}"${excerpt(response.body)}`;
  }
  if (check.header) {
    const actual = response.headers[check.header.name];
    if (actual === undefined) return `header ${check.header.name} is missing`;
    if (check.header.value !== undefined && !actual.includes(check.header.value)) {
      return `header ${check.header.name} is "${actual}", expected "${check.header.value}"`;
    }
  }
  return undefined;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  return `; body: ${flat.length > 120 ? `${flat.slice(0, 117)}...` : flat}`;
}
