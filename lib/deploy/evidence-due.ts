import type { EngineSnapshot } from './snapshot.js';

/**
 * Service events and stopped tasks cost two or three calls a read, more than the read itself:
 * while all is well, fetch them this often (from the deployment's start), so a healthy
 * deployment spends its calls on its progress and a stuck one still shows why …
 */
export const EVIDENCE_EVERY_MS = 5 * 60_000;
/** … and this often while something goes wrong (failed tasks, a triggered monitor, a rollback). */
export const TROUBLE_EVIDENCE_EVERY_MS = 5000;

/**
 * Whether the next read should also fetch service events and stopped-task reasons (DescribeServices,
 * ListTasks, DescribeTasks): only when they can explain something. Never fetched yet: counted
 * from the deployment's start (at once in trouble). Pure.
 */
export function evidenceDue(
  last: EngineSnapshot | undefined,
  nowMs: number,
  lastEvidenceMs: number | undefined,
): boolean {
  if (!last) return false;
  const trouble = inTrouble(last);
  const from = lastEvidenceMs ?? (trouble ? undefined : last.startedAt?.getTime());
  const since = from === undefined ? Infinity : nowMs - from;
  return since >= (trouble ? TROUBLE_EVIDENCE_EVERY_MS : EVIDENCE_EVERY_MS);
}

/** Failing, stopping or rolling back, or a failure detector counting failures. */
export function inTrouble(s: EngineSnapshot): boolean {
  if (['failed', 'rolled-back', 'rolling-back', 'stopping'].includes(s.phase)) return true;
  const breaker = s.evidence.circuitBreaker;
  if (breaker && (breaker.status === 'TRIGGERED' || (breaker.failureCount ?? 0) > 0)) return true;
  return s.evidence.alarms?.status === 'TRIGGERED';
}
