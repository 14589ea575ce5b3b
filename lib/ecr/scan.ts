import {
  DescribeImageScanFindingsCommand,
  ScanNotFoundException,
  StartImageScanCommand,
  type ECRClient,
} from '@aws-sdk/client-ecr';

import { SEVERITIES, type Severity } from './severity.js';

/** Findings at or above `threshold` (CRITICAL is highest). Pure. */
export function findingsAtOrAbove(
  counts: Partial<Record<string, number>>,
  threshold: Severity,
): Array<[Severity, number]> {
  const limit = SEVERITIES.indexOf(threshold);
  return SEVERITIES.slice(0, limit + 1)
    .map((s): [Severity, number] => [s, counts[s] ?? 0])
    .filter(([, n]) => n > 0);
}

export interface ScanResult {
  status: string;
  counts: Partial<Record<string, number>>;
}

/**
 * Waits for the image's basic scan to complete. Starts one when the repository does not scan
 * on push; gives up after `timeoutMs`.
 */
export async function waitForScan(
  ecr: ECRClient,
  repositoryName: string,
  imageDigest: string,
  options: { timeoutMs: number; pollMs?: number; now?: () => number },
): Promise<ScanResult> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let started = false;
  for (;;) {
    try {
      const out = await ecr.send(
        new DescribeImageScanFindingsCommand({ repositoryName, imageId: { imageDigest } }),
      );
      const status = out.imageScanStatus?.status ?? 'UNKNOWN';
      if (status === 'COMPLETE' || status === 'FAILED' || status === 'UNSUPPORTED_IMAGE') {
        return { status, counts: out.imageScanFindings?.findingSeverityCounts ?? {} };
      }
    } catch (error) {
      if (!(error instanceof ScanNotFoundException)) throw error;
      if (!started) {
        started = true;
        await ecr.send(new StartImageScanCommand({ repositoryName, imageId: { imageDigest } }));
        continue;
      }
    }
    if (now() >= deadline) return { status: 'TIMED_OUT', counts: {} };
    await new Promise((r) => setTimeout(r, options.pollMs ?? 5000));
  }
}
