import { describe, expect, it } from 'vitest';
import { contractionsIn } from './migration-safety.js';
import { MIGRATIONS } from './migrations.js';

describe('contractionsIn', () => {
  it.each([
    ['CREATE TABLE t (id int)', []],
    [`ALTER TABLE notes ADD COLUMN served_by text NOT NULL DEFAULT ''`, []],
    ['ALTER TABLE notes ADD COLUMN tag text', []],
    ['CREATE INDEX CONCURRENTLY notes_created ON notes (created_at)', []],
    ['ALTER TABLE notes DROP COLUMN text', ['drops what the previous release may read']],
    ['ALTER TABLE notes RENAME COLUMN text TO body', ['renames what the previous release names']],
    [
      'ALTER TABLE notes ALTER COLUMN text TYPE varchar(10)',
      ['changes a column type under old code'],
    ],
    [
      'ALTER TABLE notes ALTER COLUMN served_by SET NOT NULL',
      ['makes a column the previous release may leave empty required'],
    ],
    [
      'ALTER TABLE notes ADD COLUMN author text NOT NULL',
      ['adds a NOT NULL column without a default: old INSERTs omit it'],
    ],
    [
      'ALTER TABLE notes ADD CONSTRAINT short CHECK (length(text) < 10)',
      ['adds a constraint old writes may break'],
    ],
  ])('%s', (sql, problems) => {
    expect(contractionsIn(sql)).toEqual(problems);
  });
});

describe('the released migrations', () => {
  it.each(MIGRATIONS.filter((m) => m.phase !== 'contract').map((m) => [m.version, m.name, m.sql]))(
    '%i %s only expands the schema',
    (_version, _name, sql) => {
      expect(contractionsIn(sql as string)).toEqual([]);
    },
  );
});
