import { describe, expect, it } from 'vitest';
import { isChannelName, webhookUrlProblem } from './webhook-url.js';

const SECRET = 'T000/B000/XXXXXXXXXXXXXXXX';

describe('webhookUrlProblem', () => {
  it.each([
    `https://hooks.slack.com/services/${SECRET}`,
    `http://127.0.0.1:8080/services/${SECRET}`,
    `http://localhost/services/${SECRET}`,
    `http://[::1]:9000/services/${SECRET}`,
  ])('accepts %s', (url) => expect(webhookUrlProblem(url)).toBeUndefined());

  it.each([
    [`http://hooks.slack.com/services/${SECRET}`, /plain http:\/\/ to hooks\.slack\.com/],
    [`http://10.0.0.5/services/${SECRET}`, /plain http:\/\/ to 10\.0\.0\.5/],
    [`ftp://hooks.slack.com/services/${SECRET}`, /uses ftp:\/\//],
    ['hooks.slack.com/services/x', /is not a URL/],
  ])('refuses %s without printing its secret path', (url, expected) => {
    const problem = webhookUrlProblem(url);
    expect(problem).toMatch(expected);
    expect(problem).not.toContain(SECRET);
    expect(problem).not.toContain('/services/');
  });

  it('tells a channel name from an ID', () => {
    expect(isChannelName('#deploys')).toBe(true);
    expect(isChannelName('C0123ABCD')).toBe(false);
  });
});
