import { describe, expect, it } from 'vitest';
import type { EngineChoice } from './engine.js';
import { engineInputProblems, type RawInputs } from './engine-inputs.js';

const CD: EngineChoice = { engine: 'codedeploy' };
const BG: EngineChoice = { engine: 'native', strategy: 'BLUE_GREEN' };
const ROLL: EngineChoice = { engine: 'rolling' };
const ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/OLM8zqSkPUsjz_-lRIUeE';
const NOT_CD =
  "the service's deployment controller is ECS, so no CodeDeploy application, deployment group or AppSpec takes part; remove it.";
const NO_GATE =
  'a rolling update has no test traffic and never holds for a decision, so there is nothing to gate; run the checks in a step after the deploy.';
const ABORT =
  "ECS stops a deployment without rollback only with StopServiceDeployment's ABORT stop type, which is undocumented; remove auto-rollback, and turn rollback off in the service's deploymentConfiguration (alarms.rollback, deploymentCircuitBreaker.rollback) if failures should stop without rolling back.";

describe('engineInputProblems', () => {
  it.each<[string, RawInputs, EngineChoice, string[]]>([
    [
      'empty inputs count as not given',
      { appspec: '', 'codedeploy-application': ' ', 'deployment-config': '' },
      BG,
      [],
    ],
    [
      'the CodeDeploy inputs are fine on CodeDeploy',
      {
        appspec: 'appspec.yaml',
        'deployment-config': 'CodeDeployDefault.ECSAllAtOnce',
        'auto-rollback': 'false',
      },
      CD,
      [],
    ],
    [
      'appspec on native',
      { appspec: 'appspec.yaml' },
      BG,
      [
        `Input "appspec" is "appspec.yaml", but service "web" deploys with ECS-native BLUE_GREEN: ${NOT_CD}`,
      ],
    ],
    [
      'codedeploy group on rolling',
      { 'codedeploy-deployment-group': 'web' },
      ROLL,
      [
        `Input "codedeploy-deployment-group" is "web", but service "web" deploys with ECS rolling update: ${NOT_CD}`,
      ],
    ],
    [
      'container-port on native',
      { 'container-port': '8080' },
      BG,
      [
        `Input "container-port" is "8080", but service "web" deploys with ECS-native BLUE_GREEN: the container and port come from the service's loadBalancers; remove it.`,
      ],
    ],
    [
      'deployment-config on native',
      { 'deployment-config': 'CodeDeployDefault.ECSCanary10Percent5Minutes' },
      BG,
      [
        `Input "deployment-config" is "CodeDeployDefault.ECSCanary10Percent5Minutes", but service "web" deploys with ECS-native BLUE_GREEN: the strategy lives in the service's deploymentConfiguration (strategy, bakeTimeInMinutes, linearConfiguration, canaryConfiguration); change it in infrastructure (CDK, Terraform or aws ecs update-service) and remove deployment-config.`,
      ],
    ],
    [
      'deployment-config on rolling',
      { 'deployment-config': 'fast' },
      ROLL,
      [
        `Input "deployment-config" is "fast", but service "web" deploys with ECS rolling update: a rolling update's pace lives in the service's deploymentConfiguration (minimumHealthyPercent, maximumPercent); change it in infrastructure and remove deployment-config.`,
      ],
    ],
    [
      'auto-rollback: false on native',
      { 'auto-rollback': 'false' },
      BG,
      [
        `Input "auto-rollback" is "false", but service "web" deploys with ECS-native BLUE_GREEN: ${ABORT}`,
      ],
    ],
    ['auto-rollback: true on native is its meaning', { 'auto-rollback': 'true' }, BG, []],
    [
      'wait-until ready on rolling',
      { 'wait-until': 'ready' },
      ROLL,
      [
        `Input "wait-until" is "ready", but service "web" deploys with ECS rolling update: a rolling update replaces tasks in place, with no test-traffic stage and no traffic shift between revisions; write created or complete.`,
      ],
    ],
    ['wait-until complete on rolling', { 'wait-until': 'complete' }, ROLL, []],
    ['wait-until ready on native', { 'wait-until': 'ready' }, BG, []],
    [
      'the gate on rolling',
      { 'test-url': 'http://lb:8080', 'test-command': 'npm test' },
      ROLL,
      [
        `Input "test-url" is "http://lb:8080", but service "web" deploys with ECS rolling update: ${NO_GATE}`,
        `Input "test-command" is "npm test", but service "web" deploys with ECS rolling update: ${NO_GATE}`,
      ],
    ],
    ["test-window's default is not given", { 'test-window': '0s' }, ROLL, []],
    [
      'test-window on rolling',
      { 'test-window': '30s' },
      ROLL,
      [
        `Input "test-window" is "30s", but service "web" deploys with ECS rolling update: ${NO_GATE}`,
      ],
    ],
    [
      'promote on rolling',
      { command: 'promote' },
      ROLL,
      [
        `Input "command" is "promote", but service "web" deploys with ECS rolling update: a rolling update never holds for a decision, so there is nothing to promote; use command deploy, rollback or status.`,
      ],
    ],
    ['promote on native', { command: 'promote' }, BG, []],
    ['a service deployment ARN on native', { 'deployment-id': ARN }, BG, []],
    [
      'a CodeDeploy id on native',
      { 'deployment-id': 'd-ABCDEFGHI' },
      BG,
      [
        `Input "deployment-id" is "d-ABCDEFGHI", a CodeDeploy deployment id, but service "web" deploys with ECS-native BLUE_GREEN: write a service deployment ARN (arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>, the deployment-id output of the deploy).`,
      ],
    ],
    [
      'an ARN on CodeDeploy',
      { 'deployment-id': ARN },
      CD,
      [
        `Input "deployment-id" is "${ARN}", but service "web" deploys with CodeDeploy blue/green: write a CodeDeploy deployment id such as d-ABCDEFGHI.`,
      ],
    ],
  ])('%s', (_name, given, choice, expected) => {
    expect(engineInputProblems(given, choice, 'web')).toEqual(expected);
  });
});
