/**
 * A task's log line made fit to print in a workflow log: credentials in connection strings,
 * `password=...`-style pairs and AWS keys become ***, and a very long line is cut. The runner
 * masks the workflow's registered secrets on top of this; the task's own (read from Secrets
 * Manager inside the task) it cannot know.
 */

const MAX_LINE = 500;

export function maskLogLine(line: string): string {
  const masked = line
    // scheme://user:password@host
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, '$1***@')
    // password=..., "secret": "...", token: ...
    .replace(
      /((?:pass(?:word|wd)?|secret|token|api[_-]?key|credentials?)["']?\s*[=:]\s*["']?)[^\s"',;&]+/gi,
      '$1***',
    )
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '***');
  return masked.length > MAX_LINE ? `${masked.slice(0, MAX_LINE)}… (cut)` : masked;
}
