/**
 * What to build and where it goes, and the docker command lines for it. Pure: the argument
 * lists are the contract with docker and are tested row by row (build-plan.test.ts).
 */
/**
 * `buildx`; `buildkit`: the engine's own BuildKit through `DOCKER_BUILDKIT=1 docker build` (a
 * client without buildx that has it built in, see BuilderInfo.engineBuildKit); `classic`: the
 * legacy builder.
 */
export type Builder = 'buildx' | 'buildkit' | 'classic';

export interface BuildPlan {
  builder: Builder;
  context: string;
  file?: string;
  target?: string;
  buildArgs: ReadonlyArray<{ key: string; value: string }>;
  /** Build secrets as files (mode 0600, outside the context): `--secret id=<id>,src=<src>`. */
  secrets: ReadonlyArray<{ id: string; src: string }>;
  platforms: readonly string[];
  /** Full references: `<registry>/<repository>:<tag>`. */
  tags: readonly string[];
  labels: ReadonlyArray<readonly [string, string]>;
  /** buildx: cache specs (`type=registry,ref=...`); buildkit: image references. */
  cacheFrom: readonly string[];
  cacheTo: readonly string[];
  /**
   * buildkit: the image carries its cache (inline) and is pushed under this reference too, where
   * the next build's `cacheFrom` finds it.
   */
  inlineCacheRef?: string;
  provenance: boolean;
  sbom: boolean;
  push: boolean;
  /** buildx writes the pushed digest here (`containerimage.digest`). */
  metadataFile?: string;
}

/** `docker ...` arguments that build (and with buildx, push) the image. */
export function buildArguments(plan: BuildPlan): string[] {
  const args =
    plan.builder === 'buildx'
      ? ['buildx', 'build', '--progress=plain']
      : plan.builder === 'buildkit'
        ? ['build', '--progress=plain']
        : ['build'];
  if (plan.file) args.push('--file', plan.file);
  if (plan.target) args.push('--target', plan.target);
  for (const { key, value } of plan.buildArgs) args.push('--build-arg', `${key}=${value}`);
  for (const [key, value] of plan.labels) args.push('--label', `${key}=${value}`);
  for (const tag of plan.tags) args.push('--tag', tag);
  if (plan.builder === 'buildx') {
    for (const { id, src } of plan.secrets) args.push('--secret', `id=${id},src=${src}`);
    if (plan.platforms.length) args.push('--platform', plan.platforms.join(','));
    for (const spec of plan.cacheFrom) args.push('--cache-from', spec);
    for (const spec of plan.cacheTo) args.push('--cache-to', spec);
    // Attestations (provenance, SBOM) exist only with BuildKit: the classic builder gets neither.
    args.push(`--provenance=${plan.provenance}`, `--sbom=${plan.sbom}`);
    if (plan.metadataFile) args.push('--metadata-file', plan.metadataFile);
    if (plan.push) args.push('--push');
    else if (plan.platforms.length <= 1) args.push('--load');
  }
  if (plan.builder === 'buildkit') args.push(...engineBuildKitArguments(plan));
  args.push(plan.context);
  return args;
}

/** The engine's BuildKit: secrets, the inline cache and the images it is read from. */
function engineBuildKitArguments(plan: BuildPlan): string[] {
  const args: string[] = [];
  for (const { id, src } of plan.secrets) args.push('--secret', `id=${id},src=${src}`);
  if (plan.inlineCacheRef) {
    args.push('--tag', plan.inlineCacheRef, '--build-arg', 'BUILDKIT_INLINE_CACHE=1');
  }
  for (const ref of plan.cacheFrom) args.push('--cache-from', ref);
  return args;
}

/** Without buildx: the one `docker push`, and the references added to its manifest afterwards. */
export interface PushPlan {
  push?: string[];
  /** Full references (`<registry>/<repository>:<tag>`) of the same image, tagged in ECR. */
  alsoTag: string[];
}

/**
 * Without buildx the image is only built, then pushed once, under its first tag. Every other
 * tag, and the inline cache reference, names the very same manifest: ECR adds them (PutImage)
 * where one more `docker push` each would start a process and check every layer again.
 */
export function pushPlan(plan: BuildPlan): PushPlan {
  if (plan.builder === 'buildx' || !plan.push) return { alsoTag: [] };
  const refs = plan.builder === 'buildkit' && plan.inlineCacheRef ? [plan.inlineCacheRef] : [];
  const [first, ...others] = [...plan.tags, ...refs];
  return first ? { push: ['push', first], alsoTag: others } : { alsoTag: [] };
}

/** Environment for the docker client: the 28.x client needs DOCKER_BUILDKIT=0 to use the classic builder. */
export function buildEnvironment(builder: Builder): Record<string, string> {
  return builder === 'classic' ? { DOCKER_BUILDKIT: '0' } : { DOCKER_BUILDKIT: '1' };
}
