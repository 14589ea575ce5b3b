/** Platform names (`linux/amd64`) and how ECS task definitions spell them (`runtimePlatform`). */

/** `linux/arm64/v8` and `linux/arm64` are the same platform; so are `amd64` and `x86_64`. */
export function normalizePlatform(name: string): string {
  const [os = '', arch = '', variant] = name.trim().toLowerCase().split('/');
  const architecture = arch === 'x86_64' ? 'amd64' : arch === 'aarch64' ? 'arm64' : arch;
  const keepVariant = variant && !(architecture === 'arm64' && variant === 'v8');
  return keepVariant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}

export function samePlatform(a: string, b: string): boolean {
  return normalizePlatform(a) === normalizePlatform(b);
}

/** Requested platforms the image does not provide (empty when it provides them all). */
export function missingPlatforms(
  requested: readonly string[],
  actual: readonly string[],
): string[] {
  return requested.filter((r) => !actual.some((a) => samePlatform(r, a)));
}

export interface RuntimePlatform {
  cpuArchitecture?: string;
  operatingSystemFamily?: string;
}

/**
 * The docker platform a task definition runs on. ECS defaults to X86_64 Linux when
 * runtimePlatform is absent. Windows families are refused: this suite builds Linux images.
 */
export function platformForRuntime(
  runtime: RuntimePlatform | undefined,
): string | { problem: string } {
  const os = runtime?.operatingSystemFamily ?? 'LINUX';
  if (os !== 'LINUX') {
    return { problem: `operatingSystemFamily ${os} is not supported (Linux images only)` };
  }
  const cpu = runtime?.cpuArchitecture ?? 'X86_64';
  if (cpu === 'X86_64') return 'linux/amd64';
  if (cpu === 'ARM64') return 'linux/arm64';
  return { problem: `cpuArchitecture ${cpu} is not X86_64 or ARM64` };
}
