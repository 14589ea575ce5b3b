import { describe, expect, it } from 'vitest';
import { hasEngineBuildKit } from './cli.js';

describe('hasEngineBuildKit', () => {
  it.each<[string, string, boolean]>([
    ['20.10.24+dfsg1', '20.10.24+dfsg1', true],
    ['18.09.1', '18.09.1', true],
    ['22.06.0-beta.0', '24.0.7', true],
    ['23.0.0', '20.10.24', false],
    ['28.2.2', '20.10.24+dfsg1', false],
    ['18.06.3-ce', '20.10.5', false],
    ['20.10.5', '18.06.1-ce', false],
    ['', '', false],
  ])('client %j, engine %j: %s', (client, engine, expected) => {
    expect(hasEngineBuildKit(client, engine)).toBe(expected);
  });
});
