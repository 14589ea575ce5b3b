/**
 * The edges of `npm run demo -- --containers`: what must be running (Docker, the registry behind
 * the emulated ECR), the app's build context as app/README prepares it, the image reference a
 * task definition gets, and what the data plane left in Docker.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { registryAddress, SERVICES } from '../test/support/services.js';

const sh = promisify(execFile);

/** The label the emulator's data plane puts on every container it starts (emulator/README). */
export const EMULATOR_LABEL = 'org-actions-emulator';

/** One line naming what is not running and how to start it, or undefined when all is up. */
export async function missingServices(): Promise<string | undefined> {
  // Both probes at once; a probe that throws means that service is down.
  const checks = [
    { name: 'Docker', up: SERVICES.docker.probe().catch(() => false) },
    {
      name: `the registry at ${registryAddress()}`,
      up: SERVICES.registry.probe().catch(() => false),
    },
  ];
  const down: string[] = [];
  for (const check of checks) if (!(await check.up)) down.push(check.name);
  if (down.length === 0) return undefined;
  return `demo --containers needs Docker and the registry at ${registryAddress()}, but ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} not answering: start them with \`sudo bash scripts/services.sh\``;
}

export interface BuildContext {
  /** The folder build-push gets as `context`: Dockerfile, .dockerignore and dist/. */
  dir: string;
  /** The local stand-in for the public Node image (no Docker Hub here), as a build arg. */
  baseImage: string;
  remove(): void;
}

/**
 * The app's build context in a temp folder (app/dist of the working tree stays untouched):
 * `docker build` has no npm registry, so the bundle and PGlite are prepared first (app/README).
 */
export async function prepareBuildContext(): Promise<BuildContext> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-web-context-'));
  try {
    const [base] = await Promise.all([
      sh('bash', ['app/scripts/base-image.sh'], { timeout: 120_000 }),
      sh(process.execPath, ['app/scripts/build.js', join(dir, 'dist')], { timeout: 120_000 }),
    ]);
    copyFileSync('app/Dockerfile', join(dir, 'Dockerfile'));
    copyFileSync('app/.dockerignore', join(dir, '.dockerignore'));
    return {
      dir,
      baseImage: base.stdout.trim(),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Containers still labelled with this data plane's instance id (running or not). */
export async function labelledContainers(instanceId: string): Promise<string[]> {
  const { stdout } = await sh(
    'docker',
    ['ps', '-aq', '--filter', `label=${EMULATOR_LABEL}=${instanceId}`],
    { timeout: 30_000 },
  );
  return stdout.split('\n').filter(Boolean);
}

/**
 * The local names build-push left (its tags at the front's port, which changes every run) and
 * what the tasks pulled by digest: untagged so runs do not pile up images. Never fails the demo.
 */
export async function removeLocalImages(references: string[]): Promise<void> {
  if (references.length === 0) return;
  await sh('docker', ['image', 'rm', ...references], { timeout: 60_000 }).catch(() => undefined);
}
