import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildArguments,
  buildEnvironment,
  pushArguments,
  type BuildPlan,
} from '../../../lib/docker/build-plan.js';
import type { DockerCli } from '../../../lib/docker/cli.js';
import { buildFailure, pushFailure } from '../../../lib/docker/failures.js';

export interface Published {
  /** Manifest (or index) digest in the registry; undefined when nothing was pushed. */
  digest?: string;
}

/** Build secrets as 0600 files in a private folder, removed when the build is over. */
export function writeSecrets(secrets: ReadonlyArray<{ key: string; value: string }>): {
  files: Array<{ id: string; src: string }>;
  remove(): void;
} {
  if (secrets.length === 0) return { files: [], remove: () => {} };
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'build-secrets-'));
  chmodSync(dir, 0o700);
  const files = secrets.map(({ key, value }) => {
    const src = join(dir, key);
    writeFileSync(src, value, { mode: 0o600 });
    return { id: key, src };
  });
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the build (and the pushes for the classic builder); returns the pushed digest. */
export async function buildAndPush(
  docker: DockerCli,
  plan: BuildPlan,
  log: (line: string) => void,
): Promise<Published> {
  const env = buildEnvironment(plan.builder);
  const build = await docker.run(buildArguments(plan), { env, onLine: log });
  if (build.code !== 0) {
    // buildx pushes as part of the build: a refused push shows up here.
    if (
      /tag invalid:|name unknown:|unauthorized|denied/.test(build.output) &&
      /push|export/i.test(build.output)
    ) {
      throw pushFailure(build.output, plan.tags[0] ?? '');
    }
    throw buildFailure(build.output, plan.file ?? join(plan.context, 'Dockerfile'));
  }
  if (plan.builder === 'buildx') {
    if (!plan.push || !plan.metadataFile) return {};
    const metadata = JSON.parse(readFileSync(plan.metadataFile, 'utf8')) as Record<string, unknown>;
    const digest = metadata['containerimage.digest'];
    if (typeof digest !== 'string') throw new Error('buildx wrote no containerimage.digest');
    return { digest };
  }
  let digest: string | undefined;
  for (const args of pushArguments(plan)) {
    const push = await docker.run(args, { onLine: log });
    if (push.code !== 0) throw pushFailure(push.output, args[1]!);
    const pushed = /digest: (sha256:[a-f0-9]{64})/.exec(push.output)?.[1];
    if (!pushed) throw new Error(`docker push ${args[1]} printed no digest`);
    if (digest && digest !== pushed) {
      throw new Error(`docker push gave ${pushed} for ${args[1]} but ${digest} for the first tag`);
    }
    digest = pushed;
  }
  return { digest };
}
