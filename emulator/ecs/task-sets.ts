/**
 * Task set APIs (spec B.6). They drive EXTERNAL services; CodeDeploy drives the same mechanics for
 * CODE_DEPLOY services through runtime.ts, so direct mutations of those are refused [infer].
 */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EmulatorState, Service, TaskSet } from '../state.js';
import { activeService, findCluster, taskSetView } from './services.js';
import { addTaskSet, drainTaskSet, makePrimary } from './runtime.js';
import { invalidParameter, usableTaskDefinition } from './task-definitions.js';

function findTaskSet(service: Service, ref: unknown): TaskSet {
  const id = typeof ref === 'string' ? ref.slice(ref.indexOf('ecs-svc/')) : '';
  const ts = service.taskSets.find((t) => t.id === id || t.taskSetArn === ref);
  if (!ts) throw new AwsError('TaskSetNotFoundException', `The specified task set does not exist.`);
  return ts;
}

function externalService(state: EmulatorState, input: any): Service {
  const service = activeService(findCluster(state, input?.cluster), input?.service);
  if (service.deploymentController.type !== 'EXTERNAL') {
    throw invalidParameter(
      `Task set operations are only supported on services with an EXTERNAL deployment controller. The service uses ${service.deploymentController.type}.`,
    );
  }
  return service;
}

function scaleValue(scale: any): number {
  const value = scale?.value;
  if (typeof value !== 'number' || value < 0 || value > 100) {
    throw invalidParameter('Scale value must be between 0 and 100 percent.');
  }
  return value;
}

export function taskSetHandlers(state: EmulatorState): Record<string, Handler> {
  return {
    CreateTaskSet(input, ctx) {
      const service = externalService(state, input);
      const td = usableTaskDefinition(state, input.taskDefinition);
      const ts = addTaskSet(
        state,
        service,
        {
          taskDefinition: td.arn,
          scale: input.scale ? scaleValue(input.scale) : 0,
          status: service.taskSets.length === 0 ? 'PRIMARY' : 'ACTIVE',
          ...(input.externalId ? { externalId: input.externalId } : {}),
          ...(input.launchType ? { launchType: input.launchType } : {}),
          ...(input.capacityProviderStrategy
            ? { capacityProviderStrategy: input.capacityProviderStrategy }
            : {}),
          ...(input.platformVersion ? { platformVersion: input.platformVersion } : {}),
          networkConfiguration: input.networkConfiguration,
          loadBalancers: input.loadBalancers ?? [],
        },
        ctx.now().getTime(),
      );
      return { taskSet: taskSetView(state, service, ts) };
    },
    UpdateTaskSet(input, ctx) {
      const service = externalService(state, input);
      const ts = findTaskSet(service, input.taskSet);
      ts.scale = scaleValue(input.scale);
      ts.updatedAt = ctx.now().getTime();
      service.steady = false;
      return { taskSet: taskSetView(state, service, ts) };
    },
    UpdateServicePrimaryTaskSet(input, ctx) {
      const service = externalService(state, input);
      const ts = findTaskSet(service, input.primaryTaskSet);
      makePrimary(service, ts, ctx.now().getTime());
      return { taskSet: taskSetView(state, service, ts) };
    },
    DeleteTaskSet(input, ctx) {
      const service = externalService(state, input);
      const ts = findTaskSet(service, input.taskSet);
      if (ts.scale > 0 && !input.force) {
        throw invalidParameter(
          'The task set cannot be deleted until it is scaled down to 0. Use force to delete it.',
        );
      }
      drainTaskSet(service, ts, ctx.now().getTime());
      return { taskSet: taskSetView(state, service, ts) };
    },
    DescribeTaskSets(input) {
      const service = activeService(findCluster(state, input?.cluster), input?.service);
      const refs: string[] | undefined = input.taskSets;
      if (!refs?.length)
        return {
          taskSets: service.taskSets.map((ts) => taskSetView(state, service, ts)),
          failures: [],
        };
      const taskSets: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const ts = service.taskSets.find((t) => t.id === ref || t.taskSetArn === ref);
        if (ts) taskSets.push(taskSetView(state, service, ts));
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      return { taskSets, failures };
    },
  };
}
