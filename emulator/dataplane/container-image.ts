/**
 * Which runtime a task gets, and where its image comes from. An image the emulated ECR names
 * (the repository URI it hands out, `127.0.0.1:<emulator port>/<repo>`, or the AWS form
 * `<account>.dkr.ecr.<region>.amazonaws.com/<repo>`) lives in the real registry behind it, so a
 * container pulls `<registry>/<repo>@<digest>` from there: no login, and the digest is pinned at
 * task start as ECS does.
 */
import { parseImageRef } from '../../lib/ecr/image-ref.js';

export type RuntimeMode = 'process' | 'container' | 'auto';

/** A repository and reference (digest, else tag, else `latest`) in the emulated ECR. */
export interface EcrImage {
  repository: string;
  reference: string;
}

const AWS_ECR_HOST = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/;

/** The ECR image an image reference names, or undefined when it names another registry. */
export function ecrImage(image: string, ecrHosts: readonly string[]): EcrImage | undefined {
  const ref = parseImageRef(image);
  if ('problem' in ref || !ref.registry) return undefined;
  const host = ref.registry.toLowerCase();
  const named =
    AWS_ECR_HOST.test(host) ||
    ecrHosts.some((h) => h.toLowerCase() === host || sameLoopback(h.toLowerCase(), host));
  if (!named) return undefined;
  return { repository: ref.repository, reference: ref.digest ?? ref.tag ?? 'latest' };
}

/** `localhost:4566` and `127.0.0.1:4566` are the same front. */
function sameLoopback(a: string, b: string): boolean {
  const loopback = (h: string) => h.replace(/^localhost(?=:|$)/, '127.0.0.1');
  return loopback(a) === loopback(b);
}

export type RuntimeChoice =
  | { runtime: 'process' }
  /** `image`: what `docker run` gets; `pull`: whether docker may pull it (from the registry). */
  | { runtime: 'container'; image: string; pull: boolean }
  | { runtime: 'failed'; reason: string };

export interface ImageFacts {
  dockerUp: boolean;
  /** The image in ECR terms, when the emulated ECR names it. */
  ecr?: EcrImage;
  /** host:port of the real registry behind the emulated ECR, when there is one. */
  registry?: string;
  /** The digest the registry holds for `ecr`, when it holds it. */
  digest?: string;
}

/**
 * `process`: always a local process. `auto`: a container when Docker answers and the registry
 * holds the image, else a process. `container`: always a container; an ECR image the registry
 * lacks fails as ECS's CannotPullContainerError, any other image must already be on this
 * machine (docker is never allowed to pull from the internet).
 */
export function chooseRuntime(mode: RuntimeMode, image: string, facts: ImageFacts): RuntimeChoice {
  if (mode === 'process') return { runtime: 'process' };
  const pinned =
    facts.ecr && facts.registry && facts.digest
      ? `${facts.registry}/${facts.ecr.repository}@${facts.digest}`
      : undefined;
  if (mode === 'auto') {
    return facts.dockerUp && pinned
      ? { runtime: 'container', image: pinned, pull: true }
      : { runtime: 'process' };
  }
  if (pinned) return { runtime: 'container', image: pinned, pull: true };
  if (facts.ecr) {
    // ECS's words when the image manifest cannot be found.
    return {
      runtime: 'failed',
      reason: `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${image}: not found`,
    };
  }
  return { runtime: 'container', image, pull: false };
}
