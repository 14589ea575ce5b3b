import { describe, expect, it } from 'vitest';
import { DEFAULT_CHECKS } from '../../../lib/gate/test-checks.js';
import { InputReader } from '../../../lib/github/index.js';
import { declaredInputs, inputsRead } from '../../../test/support/action-inputs.js';
import { givenInputs, hasGate, readInputs } from './inputs.js';

const read = (values: Record<string, string>) =>
  readInputs(
    new InputReader((name) => ({ cluster: 'staging', service: 'web', ...values })[name] ?? ''),
  );

const problemsOf = (values: Record<string, string>): readonly string[] => {
  try {
    read(values);
  } catch (error) {
    return (error as { problems: readonly string[] }).problems;
  }
  throw new Error('readInputs accepted the inputs');
};

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7';

describe('readInputs', () => {
  it('reads exactly the inputs action.yml declares', () => {
    expect(
      inputsRead('bluegreen-deploy', readInputs, {
        cluster: 'c',
        service: 's',
        'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
      }),
    ).toEqual(declaredInputs('bluegreen-deploy'));
  });

  it('defaults: deploy until traffic shifted, fail on conflict, auto-rollback, 30m, no gate', () => {
    const inputs = read({ 'task-definition': 'test/fixtures/taskdefs/fargate-web.json' });
    expect(inputs).toMatchObject({
      command: 'deploy',
      cluster: 'staging',
      service: 'web',
      taskDefinition: { path: 'test/fixtures/taskdefs/fargate-web.json' },
      onConflict: 'fail',
      waitUntil: 'traffic-shifted',
      timeoutMs: 30 * 60_000,
      testWindowMs: 0,
      autoRollback: true,
      testChecks: [],
      tags: [],
    });
    expect(hasGate(inputs)).toBe(false);
  });

  it('takes a registered task definition by ARN, and promote needs none', () => {
    expect(read({ 'task-definition': ARN }).taskDefinition).toEqual({ arn: ARN });
    expect(read({ command: 'promote' }).taskDefinition).toBeUndefined();
  });

  it('a test-url alone gets the default checks and turns the gate on', () => {
    const inputs = read({
      'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
      'test-url': 'http://127.0.0.1:9000',
    });
    expect(inputs.testChecks).toEqual(DEFAULT_CHECKS);
    expect(hasGate(inputs)).toBe(true);
    expect(
      hasGate(
        read({
          'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
          'test-command': 'npm test',
        }),
      ),
    ).toBe(true);
  });

  it('reports every bad input at once, naming each', () => {
    const problems = problemsOf({
      command: 'ship',
      'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web',
      'test-url': 'ftp://x',
      'deployment-id': 'd-123',
      'container-port': '8080',
      timeout: '10',
    });
    expect(problems).toHaveLength(6);
    for (const name of [
      'command',
      'task-definition',
      'test-url',
      'deployment-id',
      'container-port',
      'timeout',
    ])
      expect(problems.some((p) => p.startsWith(`Input "${name}"`))).toBe(true);
  });

  it('deploy without a task definition names the input and the fix', () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(
        /^Input "task-definition" is required for command deploy; write the rendered file/,
      ),
    ]);
  });

  it('test-header: Name: value, masked as it is read', () => {
    const masked: string[] = [];
    const values: Record<string, string> = {
      cluster: 'staging',
      service: 'web',
      command: 'status',
      'test-header': 'X-Route: sekrit',
    };
    const inputs = readInputs(
      new InputReader(
        (n) => values[n] ?? '',
        (v) => masked.push(v),
      ),
    );
    expect(inputs.testHeader).toEqual({ name: 'X-Route', value: 'sekrit' });
    expect(masked).toEqual(['X-Route: sekrit']);
  });

  it('a malformed test-header names the input and the fix, never its text', () => {
    const problems = problemsOf({ command: 'status', 'test-header': 'sekrit-token' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Input "test-header" .* has no colon; write Name: value/);
    expect(problems[0]).not.toContain('sekrit');
  });

  it('a deploy with test-header but no gate is refused, naming the gate inputs and never the header', () => {
    const base = {
      command: 'deploy',
      'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
    };
    const problems = problemsOf({ ...base, 'test-header': 'X-Route: sekrit' });
    expect(problems).toEqual([
      expect.stringMatching(/^Input "test-header" .* no gate is configured; write test-url/),
    ]);
    expect(problems[0]).not.toContain('sekrit');
    const gated = { ...base, 'test-header': 'X-Route: sekrit', 'test-url': 'http://test.example' };
    expect(read(gated).testHeader).toEqual({ name: 'X-Route', value: 'sekrit' });
  });

  it('deployment-id: a CodeDeploy id or a service deployment ARN', () => {
    const arn =
      'arn:aws:ecs:us-east-1:123456789012:service-deployment/staging/web/OLM8zqSkPUsjz_-lRIUeE';
    expect(read({ command: 'status', 'deployment-id': arn }).deploymentId).toBe(arn);
    expect(read({ command: 'status', 'deployment-id': 'd-ABCDEFGHI' }).deploymentId).toBe(
      'd-ABCDEFGHI',
    );
  });

  it('givenInputs hides the test-header text from the refusals that quote inputs', () => {
    const given = givenInputs((n) => (n === 'test-header' ? 'X-Route: sekrit' : ''));
    expect(given['test-header']).toBe('(value hidden)');
  });
});
