import { describe, expect, it } from 'vitest';
import { maskLogLine } from './mask.js';

describe('maskLogLine', () => {
  it.each([
    [
      'connecting to postgres://app:s3cr3t@db.internal:5432/app',
      'connecting to postgres://app:***@db.internal:5432/app',
    ],
    ['DB_PASSWORD=hunter2 DB_USER=app', 'DB_PASSWORD=*** DB_USER=app'],
    ['{"password": "hunter2", "user": "app"}', '{"password": "***", "user": "app"}'],
    ['key AKIAABCDEFGHIJKLMNOP used', 'key *** used'],
    [
      'applied migration 2 (record which release wrote each note)',
      'applied migration 2 (record which release wrote each note)',
    ],
  ])('%s', (line, masked) => {
    expect(maskLogLine(line)).toBe(masked);
  });

  it('cuts a very long line', () => {
    const out = maskLogLine('x'.repeat(2000));
    expect(out.length).toBeLessThan(520);
    expect(out.endsWith('(cut)')).toBe(true);
  });
});
