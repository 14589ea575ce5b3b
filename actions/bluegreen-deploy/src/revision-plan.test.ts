import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputReader } from '../../../lib/github/inputs.js';
import { readInputs } from './inputs.js';
import { planRevision, planServiceRevision } from './revision-plan.js';

const WEB = 'sha256:' + 'a'.repeat(64);

/** A task definition file alone in its directory: no AppSpec lies beside it. */
function taskDefinitionFile(port = 8080): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-'));
  const path = join(dir, 'task-definition.json');
  writeFileSync(
    path,
    JSON.stringify({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: `1.dkr.ecr.us-east-1.amazonaws.com/web@${WEB}`,
          essential: true,
          portMappings: [{ containerPort: port }],
        },
      ],
    }),
  );
  return path;
}

function inputsFor(values: Record<string, string>) {
  const all: Record<string, string> = { cluster: 'prod', service: 'web', ...values };
  return readInputs(new InputReader((n) => all[n] ?? ''));
}

const routed = (containerName: string, containerPort: number) => ({
  serviceName: 'web',
  loadBalancers: [{ targetGroupArn: 'arn:tg/blue', containerName, containerPort }],
});

async function lineOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('planServiceRevision (ECS-native and rolling services)', () => {
  it('needs no AppSpec: the routed container comes from the service', async () => {
    const plan = await planServiceRevision(
      inputsFor({ 'task-definition': taskDefinitionFile() }),
      routed('web', 8080),
    );
    expect(plan.target).toEqual({
      containerName: 'web',
      containerPort: 8080,
      source: "service web's load balancer",
    });
    expect(plan.register?.family).toBe('web');
    expect('appSpec' in plan).toBe(false);
  });

  it('refuses a task definition without the container port the service routes to', async () => {
    const line = await lineOf(
      planServiceRevision(
        inputsFor({ 'task-definition': taskDefinitionFile(3000) }),
        routed('web', 8080),
      ),
    );
    expect(line).toMatch(
      /^service web's load balancer: container "web" has no containerPort 8080 in task definition family "web"; its ports are: 3000/,
    );
  });

  it('refuses a task definition without the routed container', async () => {
    const line = await lineOf(
      planServiceRevision(
        inputsFor({ 'task-definition': taskDefinitionFile() }),
        routed('api', 8080),
      ),
    );
    expect(line).toMatch(
      /container "api" not found in task definition family "web"; containers are: web/,
    );
  });

  it('checks nothing more for a service without a load balancer', async () => {
    const plan = await planServiceRevision(inputsFor({ 'task-definition': taskDefinitionFile() }), {
      serviceName: 'worker',
    });
    expect(plan.target).toBeUndefined();
  });
});

describe('planRevision (CodeDeploy)', () => {
  it('still asks for an AppSpec, naming where to get one', async () => {
    const line = await lineOf(planRevision(inputsFor({ 'task-definition': taskDefinitionFile() })));
    expect(line).toMatch(/^No AppSpec: input "appspec" is not set/);
  });

  it('takes the routed container from the AppSpec it renders', async () => {
    const plan = await planRevision(
      inputsFor({
        'task-definition': taskDefinitionFile(),
        'container-name': 'web',
        'container-port': '8080',
      }),
    );
    expect(plan.target).toEqual({
      containerName: 'web',
      containerPort: 8080,
      source: 'AppSpec for container web:8080',
    });
  });
});
