// Control API faults (latency, fraction) and hook answers (fail, timeout), seen through the real SDK.
import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentTargetCommand,
} from '@aws-sdk/client-codedeploy';
import {
  ECSClient,
  ListClustersCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSpec, caught, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 0 });
});
afterAll(async () => {
  await h.emulator.stop();
});

describe('faults', () => {
  it('latency delays the matching call, then answers', async () => {
    await h.control('POST', 'faults', {
      service: 'ecs',
      operation: 'ListClusters',
      kind: 'latency',
      latencyMs: 300,
      count: 1,
    });
    const started = Date.now();
    const out = await h.ecs.send(new ListClustersCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(out.clusterArns!.length).toBeGreaterThan(0);
    expect((await h.control('GET', 'faults')).faults).toEqual([]);
  });

  it('fraction fires for about that share of calls', async () => {
    const once = new ECSClient({ maxAttempts: 1 });
    await h.control('POST', 'faults', { service: 'ecs', kind: 'throttle', fraction: 0.5 });
    let throttled = 0;
    for (let i = 0; i < 200; i++) {
      const error = await once.send(new ListClustersCommand({})).then(
        () => undefined,
        (e: Error) => e,
      );
      if (error) {
        expect(error.name).toBe('ThrottlingException');
        expect(error.message).toBe('Rate exceeded');
        throttled += 1;
      }
    }
    const [fault] = (await h.control('GET', 'faults')).faults;
    expect(fault.fired).toBe(throttled);
    // Binomial(200, 0.5): outside 60..140 has a probability below 1e-8.
    expect(throttled).toBeGreaterThan(60);
    expect(throttled).toBeLessThan(140);
    await h.control('DELETE', 'faults');
  });
});

describe('ECS task definition lists', () => {
  it('ListTaskDefinitions and ListTaskDefinitionFamilies', async () => {
    const register = (family: string) =>
      h.ecs.send(
        new RegisterTaskDefinitionCommand({
          family,
          containerDefinitions: [{ name: 'web', image: 'web:1', memory: 128 }],
        }),
      );
    await register('lists-a');
    const a2 = (await register('lists-a')).taskDefinition!.taskDefinitionArn!;
    await register('lists-b');
    const defs = await h.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'lists-a' }));
    expect(defs.taskDefinitionArns).toEqual([a2.replace(/:2$/, ':1'), a2]);
    const desc = await h.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'lists-a', sort: 'DESC' }),
    );
    expect(desc.taskDefinitionArns![0]).toBe(a2);
    const families = await h.ecs.send(
      new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'lists-' }),
    );
    expect(families.families).toEqual(['lists-a', 'lists-b']);
  });
});

describe('hook executions answered through the control API', () => {
  async function deployWithHook(): Promise<{ id: string; hookId: string }> {
    const td = (
      await h.ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'web',
          networkMode: 'awsvpc',
          requiresCompatibilities: ['FARGATE'],
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            { name: 'web', image: 'web:hook', portMappings: [{ containerPort: 8080 }] },
          ],
        }),
      )
    ).taskDefinition!.taskDefinitionArn!;
    const { deploymentId } = await h.codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-staging-web',
        deploymentGroupName: 'DgpECS-staging-web',
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: { content: appSpec(td, { BeforeInstall: 'checkBeforeInstall' }) },
        },
      }),
    );
    await h.advance(10_000);
    const { hooks } = await h.control('GET', 'hooks');
    const hook = hooks.find((x: any) => x.deploymentId === deploymentId);
    expect(hook).toMatchObject({
      lifecycleEventName: 'BeforeInstall',
      functionName: 'checkBeforeInstall',
    });
    return { id: deploymentId!, hookId: hook.lifecycleEventHookExecutionId };
  }

  const outcome = async (id: string) => {
    const d = (await h.codedeploy.send(new GetDeploymentCommand({ deploymentId: id })))
      .deploymentInfo!;
    const t = await h.codedeploy.send(
      new GetDeploymentTargetCommand({ deploymentId: id, targetId: 'staging:web' }),
    );
    const event = t.deploymentTarget!.ecsTarget!.lifecycleEvents!.find(
      (e) => e.lifecycleEventName === 'BeforeInstall',
    )!;
    return { status: d.status, code: d.errorInformation?.code, event };
  };

  it('fail: HOOK_EXECUTION_FAILURE, diagnostics ScriptFailed', async () => {
    const { id, hookId } = await deployWithHook();
    await h.control('POST', 'hooks/fail', { lifecycleEventHookExecutionId: hookId });
    const o = await outcome(id);
    expect(o).toMatchObject({ status: 'Failed', code: 'HOOK_EXECUTION_FAILURE' });
    expect(o.event.status).toBe('Failed');
    expect(o.event.diagnostics).toMatchObject({
      errorCode: 'ScriptFailed',
      scriptName: 'checkBeforeInstall',
    });
    const again = await caught(
      h.control('POST', 'hooks/fail', { lifecycleEventHookExecutionId: hookId }),
    );
    expect(again.message).toMatch(/409/);
    await h.advance(60_000); // the rollback deployment frees the group
  });

  it('timeout: the hook times out now (as after 1 h), diagnostics ScriptTimedOut', async () => {
    const { id, hookId } = await deployWithHook();
    await h.control('POST', 'hooks/timeout', { lifecycleEventHookExecutionId: hookId });
    const o = await outcome(id);
    expect(o.status).toBe('Failed');
    expect(o.event.diagnostics).toMatchObject({
      errorCode: 'ScriptTimedOut',
      scriptName: 'checkBeforeInstall',
    });
    const unknown = await caught(
      h.control('POST', 'hooks/timeout', { lifecycleEventHookExecutionId: 'nope' }),
    );
    expect(unknown.message).toMatch(/404/);
  });
});
