import { ActionError } from '../errors/action-error.js';
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
  /** How the backoff waits; a timer unless a caller (a test) brings its own clock. */
  sleep?: (ms: number) => Promise<void>;
}

const timerSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * `docker login` with the password on stdin (never in argv or the environment), retried when
 * the registry could not be reached; a refused password fails at once.
 */
export async function dockerLogin(
  docker: Pick<DockerCli, 'run'>,
  options: LoginOptions,
): Promise<void> {
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? timerSleep;
  for (let attempt = 1; ; attempt++) {
    const result = await docker.run(
      ['login', '--username', options.username, '--password-stdin', options.registry],
      { input: options.password },
    );
    if (result.code === 0) return;
    const failure = loginFailure(result.output, options.registry);
    if (!failure.transient) throw failure.error;
    if (attempt >= attempts) {
      // Say that retrying already happened, so nobody reruns the job expecting a different outcome.
      throw new ActionError(
        `${failure.error.message} Gave up after ${attempts} attempts.`,
        failure.error.hint,
      );
    }
    options.onRetry?.(
      `${failure.error.message} Trying again (attempt ${attempt + 1} of ${attempts}).`,
    );
    await sleep((options.delayMs ?? 1000) * 2 ** (attempt - 1));
  }
}

export async function dockerLogout(
  docker: Pick<DockerCli, 'run'>,
  registry: string,
): Promise<boolean> {
  return (await docker.run(['logout', registry])).code === 0;
}
