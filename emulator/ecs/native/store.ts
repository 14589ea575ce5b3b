/**
 * Where the native deployments, service revisions and Lambda hook handlers of one emulated account
 * live, with their ARNs and ids (spec §5.1). Keyed by the account's state object, so `state.ts`
 * (shared by every service) stays as it is.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorState } from '../../state.js';
import type { NativeDeployment, ServiceRevision } from './model.js';

export interface NativeStore {
  deployments: Map<string, NativeDeployment>;
  revisions: Map<string, ServiceRevision>;
  /** Lambda function ARN -> local HTTP handler URL (control API `POST /_emulator/lambda`). */
  lambdas: Map<string, string>;
}

const stores = new WeakMap<EmulatorState, NativeStore>();

export function nativeStore(state: EmulatorState): NativeStore {
  let store = stores.get(state);
  if (!store) {
    store = { deployments: new Map(), revisions: new Map(), lambdas: new Map() };
    stores.set(state, store);
  }
  return store;
}

/** `arn:aws:ecs:<r>:<acct>:service-deployment/<cluster>/<service>/<21-char id>` */
export function serviceDeploymentArn(
  state: EmulatorState,
  cluster: string,
  service: string,
): string {
  const id = randomBytes(16).toString('base64url').slice(0, 21);
  return `arn:aws:ecs:${state.region}:${state.account}:service-deployment/${cluster}/${service}/${id}`;
}

/** `…:service-revision/<cluster>/<service>/<19 digits>`; the number is the task set's `ecs-svc/` number. */
export function serviceRevisionArn(
  state: EmulatorState,
  cluster: string,
  service: string,
  ecsSvcId: string,
): string {
  return `arn:aws:ecs:${state.region}:${state.account}:service-revision/${cluster}/${service}/${ecsSvcId.slice('ecs-svc/'.length)}`;
}

/** `ecs-pause-` + 43 URL-safe base64 characters (32 random bytes) [infer from the doc example]. */
export function pauseHookId(): string {
  return `ecs-pause-${randomBytes(32).toString('base64url')}`;
}

/** Lambda hook ids are not documented [infer]: `ecs-lambda-` + the same 43 characters. */
export function lambdaHookId(): string {
  return `ecs-lambda-${randomBytes(32).toString('base64url')}`;
}

/** A service's deployments, newest first (creation order breaks ties at one virtual instant). */
export function deploymentsOf(state: EmulatorState, serviceArn: string): NativeDeployment[] {
  return [...nativeStore(state).deployments.values()]
    .filter((d) => d.serviceArn === serviceArn)
    .reverse()
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** The deployment now running, or the last one run. */
export function currentDeployment(
  state: EmulatorState,
  serviceArn: string,
): NativeDeployment | undefined {
  return deploymentsOf(state, serviceArn)[0];
}

export function revisionOfTaskSet(
  state: EmulatorState,
  taskSetId: string | undefined,
): ServiceRevision | undefined {
  if (!taskSetId) return undefined;
  return [...nativeStore(state).revisions.values()].find((r) => r.taskSetId === taskSetId);
}
