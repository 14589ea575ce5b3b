/**
 * The service-deployment operations: ListServiceDeployments, DescribeServiceDeployments,
 * DescribeServiceRevisions, StopServiceDeployment, ContinueServiceDeployment (spec §3.3, §4.3, §5.1).
 */
import { AwsError, type Handler } from '../../protocol/json-service.js';
import type { EmulatorState } from '../../state.js';
import { findCluster, findService } from '../services.js';
import { invalidParameter } from '../task-definitions.js';
import { isTerminal, type DeploymentStatus, type NativeDeployment } from './model.js';
import { REASONS } from './stages.js';
import { deploymentsOf, nativeStore } from './store.js';
import { briefView, deploymentView, revisionView } from './views.js';

const STATUSES: DeploymentStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'SUCCESSFUL',
  'STOP_REQUESTED',
  'STOPPED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

function arnList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw invalidParameter(`${field} is required: list 1 to 20 ARNs.`);
  if (value.length > 20)
    throw invalidParameter(`${field} has ${value.length} ARNs: at most 20 per call.`);
  return value.map(String);
}

/** Epoch seconds (the SDK's timestamp encoding) or a Date-like value, in ms. */
function millis(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value * 1000 : new Date(String(value)).getTime();
}

function findDeployment(state: EmulatorState, arn: unknown): NativeDeployment {
  const d = typeof arn === 'string' ? nativeStore(state).deployments.get(arn) : undefined;
  if (!d)
    throw new AwsError(
      'ServiceDeploymentNotFoundException',
      `The service deployment ${String(arn)} does not exist.`,
    );
  return d;
}

function list(state: EmulatorState, input: any): Record<string, unknown> {
  const cluster = findCluster(state, input?.cluster);
  const service = findService(cluster, input?.service);
  const statuses: unknown[] = input.status ?? [];
  const bad = statuses.find((s) => !STATUSES.includes(s as DeploymentStatus));
  if (bad !== undefined)
    throw invalidParameter(
      `status "${String(bad)}" is not a service deployment status: use ${STATUSES.join(', ')}.`,
    );
  const max = input.maxResults ?? 20;
  if (!Number.isInteger(max) || max < 1 || max > 100)
    throw invalidParameter(`maxResults ${JSON.stringify(max)} is invalid: write 1 to 100.`);
  const after = millis(input.createdAt?.after);
  const before = millis(input.createdAt?.before);
  const matching = deploymentsOf(state, service.serviceArn).filter(
    (d) =>
      (statuses.length === 0 || statuses.includes(d.status)) &&
      (after === undefined || d.createdAt >= after) &&
      (before === undefined || d.createdAt <= before),
  );
  const start = input.nextToken
    ? Number(Buffer.from(String(input.nextToken), 'base64url').toString())
    : 0;
  if (!Number.isInteger(start) || start < 0)
    throw invalidParameter(
      'nextToken is not one this API returned: send the token from the previous page.',
    );
  const page = matching.slice(start, start + max);
  const next =
    start + max < matching.length
      ? Buffer.from(String(start + max)).toString('base64url')
      : undefined;
  return { serviceDeployments: page.map(briefView), ...(next ? { nextToken: next } : {}) };
}

function stop(state: EmulatorState, input: any, now: number): Record<string, unknown> {
  const d = findDeployment(state, input?.serviceDeploymentArn);
  const type = input.stopType ?? 'ROLLBACK';
  if (type !== 'ROLLBACK' && type !== 'ABORT')
    throw invalidParameter(`stopType "${type}" is invalid: write ROLLBACK or ABORT.`);
  if (isTerminal(d)) {
    throw new AwsError(
      'ConflictException',
      `The service deployment is ${d.status} and cannot be stopped.`,
    );
  }
  if (d.status === 'PENDING' || d.status === 'IN_PROGRESS') {
    d.stopRequest = { type, reason: type === 'ROLLBACK' ? REASONS.user : REASONS.aborted };
    if (type === 'ROLLBACK') {
      d.status = 'ROLLBACK_REQUESTED';
      d.statusReason = REASONS.user;
    }
    d.updatedAt = now;
  }
  return { serviceDeploymentArn: d.arn };
}

function continueDeployment(
  state: EmulatorState,
  input: any,
  now: number,
): Record<string, unknown> {
  const d = findDeployment(state, input?.serviceDeploymentArn);
  const action = input.action ?? 'CONTINUE';
  if (action !== 'CONTINUE' && action !== 'ROLLBACK')
    throw invalidParameter(`action "${action}" is invalid: write CONTINUE or ROLLBACK.`);
  const hook = d.hooks.find((h) => h.hookId === input.hookId);
  if (!hook) {
    throw invalidParameter(
      `hookId "${String(input.hookId)}" is not a hook of this service deployment: read lifecycleHookDetails from DescribeServiceDeployments.`,
    );
  }
  if (hook.targetType !== 'PAUSE')
    throw invalidParameter(
      `hookId ${hook.hookId} is an AWS_LAMBDA hook: only PAUSE hooks are continued.`,
    );
  if (d.status !== 'IN_PROGRESS' || hook.status !== 'AWAITING_ACTION') {
    throw invalidParameter(
      `hookId ${hook.hookId} is not awaiting action (hook ${hook.status}, deployment ${d.status}): only a paused hook of an IN_PROGRESS deployment can be continued.`,
    );
  }
  hook.finishedAt = now;
  if (action === 'CONTINUE') {
    hook.status = 'SUCCEEDED';
  } else {
    hook.status = 'FAILED';
    d.status = 'ROLLBACK_REQUESTED';
    d.statusReason = REASONS.user;
  }
  d.updatedAt = now;
  return { serviceDeploymentArn: d.arn };
}

export function nativeHandlers(state: EmulatorState): Record<string, Handler> {
  return {
    ListServiceDeployments: (input) => list(state, input),
    DescribeServiceDeployments(input) {
      const store = nativeStore(state);
      const found: unknown[] = [];
      const failures: unknown[] = [];
      for (const arn of arnList(input?.serviceDeploymentArns, 'serviceDeploymentArns')) {
        const d = store.deployments.get(arn);
        if (d) found.push(deploymentView(state, d));
        else failures.push({ arn, reason: 'MISSING' });
      }
      return { serviceDeployments: found, failures };
    },
    DescribeServiceRevisions(input) {
      const store = nativeStore(state);
      const found: unknown[] = [];
      const failures: unknown[] = [];
      for (const arn of arnList(input?.serviceRevisionArns, 'serviceRevisionArns')) {
        const r = store.revisions.get(arn);
        if (r) found.push(revisionView(r));
        else failures.push({ arn, reason: 'MISSING' });
      }
      return { serviceRevisions: found, failures };
    },
    // The scheduler pass before the next call (or within 20 ms) acts on the request.
    StopServiceDeployment: (input, ctx) => stop(state, input, ctx.now().getTime()),
    ContinueServiceDeployment: (input, ctx) =>
      continueDeployment(state, input, ctx.now().getTime()),
  };
}
