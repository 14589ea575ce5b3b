import type { ECRClient } from '@aws-sdk/client-ecr';
import { findingsAtOrAbove, waitForScan } from '../../../lib/ecr/scan.js';
import type { Severity } from '../../../lib/ecr/severity.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { Inputs } from './inputs.js';

/** Waits for ECR's scan of `digest` and fails at the threshold; returns the summary text. */
export async function scanGate(
  ecr: ECRClient,
  inputs: Pick<Inputs, 'repository' | 'scanTimeoutMs'>,
  threshold: Severity,
  digest: string,
): Promise<string> {
  const result = await waitForScan(ecr, inputs.repository, digest, {
    timeoutMs: inputs.scanTimeoutMs,
  });
  if (result.status !== 'COMPLETE') {
    throw new ActionError(
      `ECR scan of ${digest} ended ${result.status}.`,
      "Check the repository's scanning configuration, or raise `scan-timeout`.",
    );
  }
  const bad = findingsAtOrAbove(result.counts, threshold);
  if (bad.length) {
    throw new ActionError(
      `ECR scan of ${digest} found ${bad.map(([s, n]) => `${n} ${s}`).join(', ')} (threshold ${threshold}).`,
      'Update the affected packages or base image, or raise `scan`.',
    );
  }
  const counts = Object.entries(result.counts).map(([s, n]) => `${s} ${n}`);
  return `complete: ${counts.join(', ') || 'no findings'}`;
}
