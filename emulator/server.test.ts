import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Emulator } from './index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ port: 0 });
});
afterAll(async () => {
  await emulator.stop();
});

const call = (target: string, body: unknown) =>
  fetch(emulator.url, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(body),
  });

describe('wire protocol', () => {
  it('answers unknown operations with UnknownOperationException (400)', async () => {
    const res = await call('CodeDeploy_20141006.Teleport', {});
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('sends timestamps as epoch seconds and errors as __type + message', async () => {
    const ok = await call('CodeDeploy_20141006.GetDeploymentConfig', {
      deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    });
    const body = (await ok.json()) as any;
    expect(typeof body.deploymentConfigInfo.createTime).toBe('number');
    expect(body.deploymentConfigInfo.deploymentConfigId).toBe(
      '00000000-0000-0000-0000-000000000015',
    );
    const missing = await call('CodeDeploy_20141006.GetApplication', { applicationName: 'nope' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      __type: 'ApplicationDoesNotExistException',
      message: 'The application nope does not exist with the user or AWS account.',
    });
  });

  it('speaks the query protocol for ELBv2 with XML in the service namespace', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=none',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      '<Error><Type>Sender</Type><Code>TargetGroupNotFound</Code>',
    );
    const ok = await fetch(emulator.url, {
      method: 'POST',
      body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
    });
    expect(await ok.text()).toContain(
      '<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">',
    );
  });

  it('answers an injected error fault with its code, once', async () => {
    const fault = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        service: 'codedeploy',
        operation: 'ListApplications',
        kind: 'error',
        code: 'AccessDeniedException',
        count: 1,
      }),
    });
    expect(fault.status).toBe(200);
    const denied = await call('CodeDeploy_20141006.ListApplications', {});
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ __type: 'AccessDeniedException' });
    expect((await call('CodeDeploy_20141006.ListApplications', {})).status).toBe(200);
  });

  it('reports control API misuse with a message', async () => {
    const res = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: '{"kind":"boom"}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).message).toMatch(/kind must be one of/);
  });
});
