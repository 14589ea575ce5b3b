import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (infra/test/../..). */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** IAM service prefix of each AWS SDK v3 client package the actions use. */
const IAM_PREFIX: Record<string, string> = {
  ecs: 'ecs',
  codedeploy: 'codedeploy',
  ecr: 'ecr',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  'cloudwatch-logs': 'logs',
};

const isSource = (file: string) =>
  file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return isSource(path) ? [path] : [];
  });
}

/**
 * The IAM actions one source file sends: each `new XCommand(` whose class the file imports from
 * `@aws-sdk/client-<svc>` becomes `<prefix>:X`. A command from any other place is an error, so a
 * new client (or a re-export) cannot slip past the audit.
 */
export function iamActionsSentBy(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const origin = new Map<string, string>();
  for (const m of text.matchAll(
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g,
  )) {
    for (const raw of m[1]!.split(',')) {
      const name = raw
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop();
      if (name) origin.set(name, m[2]!);
    }
  }
  return [...text.matchAll(/new ([A-Z][A-Za-z]*)Command\(/g)].map((m) => {
    const client = origin.get(`${m[1]}Command`);
    const prefix = client === undefined ? undefined : IAM_PREFIX[client];
    if (prefix === undefined) {
      throw new Error(
        `${relative(repositoryRoot, file)}: new ${m[1]}Command( is not imported from a known @aws-sdk/client-* package`,
      );
    }
    return `${prefix}:${m[1]}`;
  });
}

/** Every source file an action's own sources reach through relative imports. */
export function filesOfAction(action: string): string[] {
  const pending = sourceFiles(join(repositoryRoot, 'actions', action, 'src'));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*)'(\.{1,2}\/[^']+)\.js'/g)) {
      const target = resolve(dirname(file), `${m[1]}.ts`);
      if (existsSync(target) && isSource(target)) pending.push(target);
    }
  }
  return [...seen];
}

/** The IAM actions an action's code sends, sorted. */
export function iamActionsOfAction(action: string): string[] {
  return [...new Set(filesOfAction(action).flatMap(iamActionsSentBy))].sort();
}

/** The IAM actions any non-test source under lib/ and actions/<name>/src sends. */
export function iamActionsInSources(): string[] {
  const actionsDir = join(repositoryRoot, 'actions');
  const files = [
    ...sourceFiles(join(repositoryRoot, 'lib')),
    ...readdirSync(actionsDir)
      .map((name) => join(actionsDir, name, 'src'))
      .filter((dir) => existsSync(dir))
      .flatMap(sourceFiles),
  ];
  return [...new Set(files.flatMap(iamActionsSentBy))].sort();
}
