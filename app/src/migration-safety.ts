// Whether a migration only expands the schema: what the previous release (still serving while the
// new one deploys, and again after a rollback) can live with. A contraction (dropping or renaming
// what old code reads, tightening what old code writes) belongs in a later release, once no
// running version uses it, and is marked `phase: 'contract'` on purpose.

/** The statements that break the previous release, each with why. Pure. */
const CONTRACTIONS: [RegExp, string][] = [
  [/\bDROP\s+(TABLE|COLUMN|VIEW|TYPE|SCHEMA)\b/i, 'drops what the previous release may read'],
  [/\bRENAME\b/i, 'renames what the previous release names'],
  [/\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b/i, 'changes a column type under old code'],
  [/\bSET\s+NOT\s+NULL\b/i, 'makes a column the previous release may leave empty required'],
  [
    /\bADD\s+CONSTRAINT\b[\s\S]*\b(CHECK|UNIQUE|FOREIGN\s+KEY)\b/i,
    'adds a constraint old writes may break',
  ],
];

export function contractionsIn(sql: string): string[] {
  const problems = CONTRACTIONS.filter(([pattern]) => pattern.test(sql)).map(([, why]) => why);
  // A new required column without a default: the previous release's INSERTs omit it.
  for (const m of sql.matchAll(/\bADD\s+COLUMN\s+([^,;]+)/gi)) {
    const definition = m[1]!;
    if (/\bNOT\s+NULL\b/i.test(definition) && !/\bDEFAULT\b/i.test(definition))
      problems.push('adds a NOT NULL column without a default: old INSERTs omit it');
  }
  return problems;
}
