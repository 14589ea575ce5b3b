/**
 * The one artifact of `--containers`: build-push builds the app image once, every release deploys
 * that digest, and afterwards every task must have been a container of it, with none left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryAddress } from '../test/support/services.js';
import { prepareBuildContext } from './containers.js';
import { buildImage, type ReleaseContext } from './release.js';

export interface ContainerReport {
  /** build-push's `image` output, and the same digest as the task definitions name it. */
  built?: string;
  deployed?: string;
  /** Containers the data plane started, and the distinct images they ran. */
  started: number;
  images: string[];
  /** Containers still labelled with the data plane's instance id after the demo. */
  leftBehind: number;
}

export interface BuildOutcome {
  built?: string;
  deployed?: string;
  /** What build-push left tagged locally (removed after the demo). */
  localImages: string[];
  problem?: string;
}

/** The app's build context, then the real build-push and its post step (docker logout). */
export async function buildOnce(
  ctx: ReleaseContext,
  say: (line: string) => void,
): Promise<BuildOutcome> {
  const t0 = Date.now();
  const buildContext = await prepareBuildContext();
  say(
    `context │ app bundle and PGlite in ${buildContext.dir} (${((Date.now() - t0) / 1000).toFixed(1)}s), base image ${buildContext.baseImage}`,
  );
  const dockerConfig = mkdtempSync(join(tmpdir(), 'demo-docker-'));
  try {
    const { build, post } = await buildImage(
      { context: buildContext.dir, baseImage: buildContext.baseImage, dockerConfig },
      ctx,
    );
    const image = build.outputs.image;
    const localImages = (build.outputs.tags ?? '').split('\n').filter(Boolean);
    if (build.code !== 0 || !image)
      return { localImages, problem: `build-push failed: ${build.annotations.join('; ')}` };
    if (!/@sha256:[0-9a-f]{64}$/.test(image))
      return { localImages, problem: `build-push output "${image}" is not pinned by digest` };
    if (post?.code !== 0)
      return {
        localImages,
        problem: `build-push post step failed: ${post?.annotations.join('; ')}`,
      };
    return {
      built: image,
      // build-push's output as is: render-taskdef verifies it under ECR's own registry host.
      deployed: image,
      // Tags first: the digest reference goes last, with the image.
      localImages: [...localImages, image],
    };
  } finally {
    buildContext.remove();
    rmSync(dockerConfig, { recursive: true, force: true });
  }
}

/**
 * Every task a container of the one image built (as the data plane pulled it, by digest from the
 * registry), at least `least` of them, and none left once the emulator stopped.
 */
export function containerProblems(report: ContainerReport, least: number): string[] {
  if (!report.deployed) return [];
  const found: string[] = [];
  const digest = report.deployed.slice(report.deployed.indexOf('@') + 1);
  const expected = `${registryAddress()}/web@${digest}`;
  const others = report.images.filter((i) => i !== expected);
  if (others.length) found.push(`tasks ran other images than ${expected}: ${others.join(', ')}`);
  if (report.started < least)
    found.push(`only ${report.started} containers started (at least ${least} expected)`);
  if (report.leftBehind > 0) found.push(`containers left behind: ${report.leftBehind}`);
  return found;
}
