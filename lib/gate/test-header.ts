import type { TestHeader } from './ready-gate.js';

/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const EXAMPLE = 'X-Test-Route: ${{ secrets.TEST_ROUTE_TOKEN }}';

/**
 * Parses the `test-header` input, `Name: value`. It may hold a secret, so a problem names what
 * is wrong and the fix, never the text itself.
 */
export function parseTestHeader(text: string): { header: TestHeader } | { problem: string } {
  const where = 'Input "test-header" (value hidden: it may hold a secret)';
  if (/[\r\n]/.test(text.trim()))
    return { problem: `${where} has more than one line; write one header, e.g. ${EXAMPLE}` };
  const colon = text.indexOf(':');
  if (colon === -1) return { problem: `${where} has no colon; write Name: value, e.g. ${EXAMPLE}` };
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (!TOKEN.test(name))
    return {
      problem: `${where} has ${name ? 'a header name with characters HTTP does not allow' : 'no header name'}; write Name: value with a name of letters, digits and -, e.g. ${EXAMPLE}`,
    };
  if (!value)
    return { problem: `${where} has no value after the colon; write Name: value, e.g. ${EXAMPLE}` };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value))
    return { problem: `${where} has control characters in its value; write a printable value` };
  return { header: { name, value } };
}
