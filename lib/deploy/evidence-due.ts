import type { EngineSnapshot } from './snapshot.js';

/** Service events and stopped tasks cost two or three calls a read: read them this often while all is well. */
export const EVIDENCE_EVERY_MS = 30_000;
/** … and this often while something goes wrong (failed tasks, a triggered monitor, a rollback). */
export const TROUBLE_EVIDENCE_EVERY_MS = 5000;

/**
 * Whether the next read should also fetch service events and stopped-task reasons (DescribeServices,
 * ListTasks, DescribeTasks): only when they can explain something. Pure.
 */
export function evidenceDue(
  last: EngineSnapshot | undefined,
  nowMs: number,
  lastEvidenceMs: number | undefined,
): boolean {
  if (!last) return false;
  const since = lastEvidenceMs === undefined ? Infinity : nowMs - lastEvidenceMs;
  return since >= (inTrouble(last) ? TROUBLE_EVIDENCE_EVERY_MS : EVIDENCE_EVERY_MS);
}

/** Failing, stopping or rolling back, or a failure detector counting failures. */
export function inTrouble(s: EngineSnapshot): boolean {
  if (['failed', 'rolled-back', 'rolling-back', 'stopping'].includes(s.phase)) return true;
  const breaker = s.evidence.circuitBreaker;
  if (breaker && (breaker.status === 'TRIGGERED' || (breaker.failureCount ?? 0) > 0)) return true;
  return s.evidence.alarms?.status === 'TRIGGERED';
}
