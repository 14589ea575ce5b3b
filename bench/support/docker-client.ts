import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DockerCli, detectBuilder, type BuilderInfo } from '../../lib/docker/cli.js';

const sh = promisify(execFile);

export interface BenchDocker {
  /** PATH with the chosen client first: the action and the baseline both run it. */
  path: string;
  /** The build path build-push takes with this client, as the bench output says it. */
  measuredPath: string;
  info: BuilderInfo;
  run(args: string[], env?: Record<string, string>): Promise<string>;
}

const CANDIDATES = ['docker', '/usr/bin/docker', '/usr/local/bin/docker'];

/**
 * The docker client with the best build path this machine offers: buildx, else a client with
 * the engine's BuildKit built in (Debian's 20.10 beside a newer client without buildx), else
 * the classic builder. Put first on PATH for every command of the bench.
 */
export async function benchDocker(): Promise<BenchDocker> {
  const seen = new Set<string>();
  let chosen: { binary: string; info: BuilderInfo } | undefined;
  for (const candidate of CANDIDATES) {
    let binary: string;
    try {
      binary = realpathSync(
        candidate.includes('/') ? candidate : (await sh('which', [candidate])).stdout.trim(),
      );
    } catch {
      continue;
    }
    if (seen.has(binary)) continue;
    seen.add(binary);
    const info = await detectBuilder(new DockerCli(process.env, binary)).catch(() => undefined);
    if (!info) continue;
    chosen ??= { binary, info };
    if (info.buildx || info.engineBuildKit) {
      chosen = { binary, info };
      break;
    }
  }
  if (!chosen) throw new Error('no working docker client found');
  const bin = mkdtempSync(join(tmpdir(), 'bench-docker-bin-'));
  symlinkSync(chosen.binary, join(bin, 'docker'));
  const path = `${bin}:${process.env.PATH ?? ''}`;
  const version = (await sh(chosen.binary, ['version', '--format', '{{.Client.Version}}'])).stdout;
  const { info } = chosen;
  const measuredPath = info.buildx
    ? `buildx (${info.driver} driver) with the registry cache`
    : info.engineBuildKit
      ? "the engine's BuildKit (DOCKER_BUILDKIT=1 docker build, no buildx) with an inline cache pulled from the registry"
      : 'the classic builder (no BuildKit: no registry cache)';
  return {
    path,
    measuredPath: `${measuredPath}; docker client ${version.trim()} (${chosen.binary})`,
    info,
    run: async (args, env = {}) =>
      (
        await sh('docker', args, {
          env: { ...process.env, PATH: path, ...env },
          maxBuffer: 64 * 1024 * 1024,
        })
      ).stdout,
  };
}

/**
 * A fresh runner: the images of `repositoryPrefix` removed (only those: the daemon is shared)
 * and the whole build cache pruned, so only the registry holds a cache. Base images stay, as on
 * a runner image that ships them.
 */
export async function freshRunner(docker: BenchDocker, repositoryPrefix: string): Promise<void> {
  const listed = await docker.run(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}']);
  const ours = listed
    .split('\n')
    .filter((line) => line.includes(repositoryPrefix))
    .map((line) => {
      const [ref = '', id = ''] = line.trim().split(' ');
      return ref.endsWith(':<none>') ? id : ref;
    });
  if (ours.length) await docker.run(['image', 'rm', '--force', ...ours]);
  await docker.run(['builder', 'prune', '--all', '--force']);
}
