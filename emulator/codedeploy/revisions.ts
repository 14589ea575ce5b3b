/** Application revisions: what a deployment's AppSpec is stored and listed as (spec A.12). */
import { createHash } from 'node:crypto';
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import { findApplication } from './applications.js';
import type { RevisionLocation } from './resources.js';

function fail(code: string, message: string): never {
  throw new AwsError(code, message);
}

export function revisionHandlers(state: EmulatorState): Record<string, Handler> {
  return {
    GetApplicationRevision(input) {
      const app = findApplication(state, input?.applicationName);
      const revision = input.revision;
      if (!revision) fail('RevisionRequiredException', 'The revision ID was not specified.');
      const sha = revision.appSpecContent?.sha256 ?? revision.string?.sha256;
      const stored = sha
        ? state.codedeploy.revisions.get(`${app.applicationName}/${sha}`)
        : undefined;
      if (!stored)
        fail(
          'RevisionDoesNotExistException',
          'The named revision does not exist with the user or AWS account.',
        );
      const body = { content: stored.content, sha256: stored.sha256 };
      return {
        applicationName: app.applicationName,
        revision:
          revision.revisionType === 'String'
            ? { revisionType: 'String', string: body }
            : { revisionType: 'AppSpecContent', appSpecContent: body },
        revisionInfo: {
          ...(stored.description ? { description: stored.description } : {}),
          deploymentGroups: stored.deploymentGroups,
          ...(stored.firstUsedTime !== undefined
            ? { firstUsedTime: new Date(stored.firstUsedTime) }
            : {}),
          ...(stored.lastUsedTime !== undefined
            ? { lastUsedTime: new Date(stored.lastUsedTime) }
            : {}),
          registerTime: new Date(stored.registerTime),
        },
      };
    },
    RegisterApplicationRevision(input, ctx) {
      const app = findApplication(state, input?.applicationName);
      const revision = readRevision(input.revision);
      registerRevision(
        state,
        app.applicationName,
        revision.content,
        revision.sha256,
        ctx.now().getTime(),
      );
      const stored = state.codedeploy.revisions.get(`${app.applicationName}/${revision.sha256}`);
      if (stored && input.description) stored.description = input.description;
      return {};
    },
    ListApplicationRevisions(input) {
      const app = findApplication(state, input?.applicationName);
      const revisions = [...state.codedeploy.revisions.values()]
        .filter((r) => r.applicationName === app.applicationName)
        .map((r) => revisionLocation(r.revisionType, r.sha256));
      return { revisions };
    },
  };
}

export /** The revision as sent: AppSpecContent or String with content (sha256 computed when absent). */
function readRevision(revision: any): {
  type: 'AppSpecContent' | 'String';
  content: string;
  sha256: string;
} {
  if (!revision) fail('RevisionRequiredException', 'The revision ID was not specified.');
  const type = revision.revisionType;
  if (type === 'S3' || type === 'GitHub') {
    fail(
      'InvalidRevisionException',
      `Revision type ${type} is not supported by the emulator for ECS deployments; use AppSpecContent.`,
    );
  }
  if (type !== 'AppSpecContent' && type !== 'String') {
    fail('InvalidRevisionException', `The revision type ${String(type)} is not valid.`);
  }
  const body = type === 'AppSpecContent' ? revision.appSpecContent : revision.string;
  const content = body?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    fail('InvalidRevisionException', 'The AppSpec content of the revision is missing or empty.');
  }
  const sha256 = sha256Hex(content);
  if (body.sha256 && String(body.sha256).toLowerCase() !== sha256) {
    fail('InvalidRevisionException', 'The sha256 of the revision does not match its content.');
  }
  return { type, content, sha256 };
}

export function revisionLocation(
  type: 'AppSpecContent' | 'String',
  sha256: string,
): RevisionLocation {
  return type === 'AppSpecContent'
    ? { revisionType: 'AppSpecContent', appSpecContent: { sha256 } }
    : { revisionType: 'String', string: { sha256 } };
}

export function registerRevision(
  state: EmulatorState,
  applicationName: string,
  content: string,
  sha256: string,
  now: number,
  groupName?: string,
): void {
  const key = `${applicationName}/${sha256}`;
  const existing = state.codedeploy.revisions.get(key);
  if (existing) {
    existing.lastUsedTime = now;
    if (groupName && !existing.deploymentGroups.includes(groupName))
      existing.deploymentGroups.push(groupName);
    return;
  }
  state.codedeploy.revisions.set(key, {
    applicationName,
    revisionType: 'AppSpecContent',
    content,
    sha256,
    deploymentGroups: groupName ? [groupName] : [],
    registerTime: now,
    firstUsedTime: now,
    lastUsedTime: now,
  });
}

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
