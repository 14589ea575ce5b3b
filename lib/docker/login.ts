import type { DockerCli } from './cli.js';
import { loginFailure } from './failures.js';

export interface LoginOptions {
  registry: string;
  username: string;
  password: string;
  attempts?: number;
  /** Backoff before attempt n+1: delayMs * 2^(n-1). */
  delayMs?: number;
  onRetry?: (message: string) => void;
}

/**
 * `docker login` with the password on stdin (never in argv or the environment), retried when
 * the registry could not be reached; a refused password fails at once.
 */
export async function dockerLogin(docker: DockerCli, options: LoginOptions): Promise<void> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const result = await docker.run(
      ['login', '--username', options.username, '--password-stdin', options.registry],
      { input: options.password },
    );
    if (result.code === 0) return;
    const failure = loginFailure(result.output, options.registry);
    if (!failure.transient || attempt >= attempts) throw failure.error;
    options.onRetry?.(
      `${failure.error.message} Trying again (attempt ${attempt + 1} of ${attempts}).`,
    );
    await new Promise((r) => setTimeout(r, (options.delayMs ?? 1000) * 2 ** (attempt - 1)));
  }
}

export async function dockerLogout(docker: DockerCli, registry: string): Promise<boolean> {
  return (await docker.run(['logout', registry])).code === 0;
}
