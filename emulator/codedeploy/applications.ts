/** CodeDeploy applications (spec A.2). */
import { randomUUID } from 'node:crypto';
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import type { Application } from './resources.js';
import { applicationMissing, NAME_PATTERN, required } from './errors.js';

export function checkApplicationName(name: unknown): string {
  if (name === undefined || name === null || name === '') {
    throw required(
      'ApplicationNameRequiredException',
      'The minimum number of required application names',
    );
  }
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new AwsError(
      'InvalidApplicationNameException',
      `The application name ${String(name)} is not valid.`,
    );
  }
  return name;
}

export function findApplication(state: EmulatorState, name: unknown): Application {
  const checked = checkApplicationName(name);
  const app = state.codedeploy.applications.get(checked);
  if (!app) throw applicationMissing(checked);
  return app;
}

export function createApplication(state: EmulatorState, input: any, now: number): Application {
  const name = checkApplicationName(input?.applicationName);
  if (state.codedeploy.applications.has(name)) {
    throw new AwsError(
      'ApplicationAlreadyExistsException',
      `The application ${name} already exists with the user or AWS account.`,
    );
  }
  const platform = input.computePlatform ?? 'Server';
  if (!['Server', 'Lambda', 'ECS'].includes(platform)) {
    throw new AwsError(
      'InvalidComputePlatformException',
      `The compute platform ${platform} is not valid.`,
    );
  }
  const app: Application = {
    applicationId: randomUUID(),
    applicationName: name,
    computePlatform: platform,
    createTime: now,
    tags: input.tags ?? [],
  };
  state.codedeploy.applications.set(name, app);
  return app;
}

function applicationView(app: Application): Record<string, unknown> {
  return {
    applicationId: app.applicationId,
    applicationName: app.applicationName,
    createTime: new Date(app.createTime),
    linkedToGitHub: false,
    computePlatform: app.computePlatform,
  };
}

export function applicationHandlers(state: EmulatorState): Record<string, Handler> {
  const { applications } = state.codedeploy;
  return {
    CreateApplication(input, ctx) {
      return { applicationId: createApplication(state, input, ctx.now().getTime()).applicationId };
    },
    GetApplication(input) {
      return { application: applicationView(findApplication(state, input?.applicationName)) };
    },
    BatchGetApplications(input) {
      const names = input?.applicationNames;
      if (!Array.isArray(names) || names.length === 0) {
        throw required(
          'ApplicationNameRequiredException',
          'The minimum number of required application names',
        );
      }
      if (names.length > 100)
        throw new AwsError(
          'BatchLimitExceededException',
          'The maximum number of names or IDs allowed for this request (100) was exceeded.',
        );
      return {
        applicationsInfo: names.map((n: unknown) => applicationView(findApplication(state, n))),
      };
    },
    ListApplications() {
      return { applications: [...applications.keys()].sort() };
    },
    DeleteApplication(input) {
      const name = checkApplicationName(input?.applicationName);
      applications.delete(name);
      for (const key of [...state.codedeploy.groups.keys()])
        if (key.startsWith(`${name}/`)) state.codedeploy.groups.delete(key);
      return {};
    },
  };
}
