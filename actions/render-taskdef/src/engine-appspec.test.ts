import { describe, expect, it } from 'vitest';
import type { EngineChoice } from '../../../lib/deploy/engine.js';
import { appSpecDecision } from './engine-appspec.js';
import type { Inputs } from './inputs.js';

const inputs = (extra: Partial<Inputs> = {}): Inputs => ({
  source: { kind: 'service', cluster: 'staging', service: 'web' },
  changes: { images: [], environment: [], secrets: [] } as unknown as Inputs['changes'],
  hooks: {},
  verify: 'false',
  ...extra,
});
const native: EngineChoice = { engine: 'native', strategy: 'CANARY' };
const rolling: EngineChoice = { engine: 'rolling' };

describe('appSpecDecision', () => {
  it.each([
    ['no service was read', undefined],
    ['a CodeDeploy service', { engine: 'codedeploy' } as EngineChoice],
  ])('renders the AppSpec for %s', (_name, engine) => {
    expect(appSpecDecision(engine, 'web', inputs({ appspec: 'appspec.yaml' }))).toEqual({
      render: true,
    });
  });

  it.each([
    [native, 'ECS-native CANARY'],
    [rolling, 'ECS rolling update'],
  ])('renders none for %j and says why in one notice', (engine, name) => {
    expect(appSpecDecision(engine, 'web', inputs({ containerPort: 8080 }))).toEqual({
      render: false,
      notice: `No AppSpec: service "web" deploys with ${name}, which reads none; the appspec output is empty.`,
    });
  });

  it('refuses AppSpec inputs on an ECS service, naming each one given and the fix', () => {
    const decision = appSpecDecision(
      native,
      'web',
      inputs({ appspec: 'appspec.yaml', platformVersion: 'LATEST' }),
    );
    expect(decision).toEqual({
      render: false,
      problem:
        'Inputs "appspec", "platform-version" ask for an AppSpec, but service "web" deploys with ECS-native CANARY, which reads none (no CodeDeploy takes part); remove them, or move the service to the CODE_DEPLOY controller in infrastructure.',
    });
  });

  it.each([
    ['hooks', { hooks: { AfterAllowTestTraffic: 'check' } }],
    ['subnets', { network: { Subnets: ['subnet-1'] } }],
    [
      'capacity-provider-strategy',
      { capacityProviderStrategy: [{ Base: 0, Weight: 1, CapacityProvider: 'FARGATE' }] },
    ],
  ] as [string, Partial<Inputs>][])('counts %s as asking for an AppSpec', (name, extra) => {
    const decision = appSpecDecision(rolling, 'web', inputs(extra));
    expect('problem' in decision && decision.problem).toContain(
      `Input "${name}" asks for an AppSpec`,
    );
  });
});
