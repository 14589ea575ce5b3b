import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { engineName, engineOf, type EngineChoice } from './engine.js';

const service = (controller?: string, strategy?: string): Service =>
  ({
    serviceName: 'web',
    ...(controller ? { deploymentController: { type: controller } } : {}),
    ...(strategy ? { deploymentConfiguration: { strategy } } : {}),
  }) as Service;

describe('engineOf', () => {
  it.each<[string, Service, EngineChoice]>([
    ['CODE_DEPLOY', service('CODE_DEPLOY'), { engine: 'codedeploy' }],
    ['ECS BLUE_GREEN', service('ECS', 'BLUE_GREEN'), { engine: 'native', strategy: 'BLUE_GREEN' }],
    ['ECS LINEAR', service('ECS', 'LINEAR'), { engine: 'native', strategy: 'LINEAR' }],
    ['ECS CANARY', service('ECS', 'CANARY'), { engine: 'native', strategy: 'CANARY' }],
    ['ECS ROLLING', service('ECS', 'ROLLING'), { engine: 'rolling' }],
    ['ECS, no strategy', service('ECS'), { engine: 'rolling' }],
    ['no controller at all (ECS is the default)', service(), { engine: 'rolling' }],
  ])('%s', (_name, s, expected) => {
    expect(engineOf(s)).toEqual(expected);
  });

  it('refuses EXTERNAL, naming why', () => {
    expect(() => engineOf(service('EXTERNAL'))).toThrow(
      'ECS service "web" uses the EXTERNAL deployment controller: its task sets are created and shifted by another tool, so there is nothing this action can start or watch.',
    );
  });

  it.each<[EngineChoice, string]>([
    [{ engine: 'codedeploy' }, 'CodeDeploy blue/green'],
    [{ engine: 'native', strategy: 'CANARY' }, 'ECS-native CANARY'],
    [{ engine: 'rolling' }, 'ECS rolling update'],
  ])('engineName(%o) = %s', (choice, name) => {
    expect(engineName(choice)).toBe(name);
  });
});
