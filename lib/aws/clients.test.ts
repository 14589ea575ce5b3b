import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionError } from '../errors/action-error.js';
import { SUITE_VERSION } from '../version.js';
import { awsClients, resolveRegion } from './clients.js';

describe('resolveRegion', () => {
  it.each([
    [{ AWS_REGION: 'eu-west-2' }, 'eu-west-2'],
    [{ AWS_REGION: ' us-gov-west-1 ' }, 'us-gov-west-1'],
  ])('reads %j', (env, region) => {
    expect(resolveRegion(env)).toBe(region);
  });

  it.each([
    [
      {},
      'AWS_REGION is not set. Set AWS_REGION (aws-actions/configure-aws-credentials does, or add `env: AWS_REGION: us-east-1` to the job).',
    ],
    [
      { AWS_DEFAULT_REGION: 'us-east-1' },
      'AWS_REGION is not set. AWS_DEFAULT_REGION is set to "us-east-1" but the AWS SDK for JavaScript does not read it; Set AWS_REGION (aws-actions/configure-aws-credentials does, or add `env: AWS_REGION: us-east-1` to the job).',
    ],
    [
      { AWS_REGION: 'Frankfurt' },
      'AWS_REGION is "Frankfurt", which is not a region name; set it to one such as us-east-1 or eu-west-2.',
    ],
  ])('refuses %j with a message naming the fix', (env, line) => {
    let error: unknown;
    try {
      resolveRegion(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).line).toBe(line);
  });
});

describe('awsClients', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('keeps the suite version equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SUITE_VERSION).toBe(pkg.version);
  });

  it('reaches the endpoint named by AWS_ENDPOINT_URL_ECS, with our user agent, retrying 5xx', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (seen.length === 1) {
          res.statusCode = 500;
          res.end(JSON.stringify({ __type: 'ServerException', message: 'try again' }));
        } else {
          res.end(JSON.stringify({ services: [], failures: [{ arn: 'x', reason: 'MISSING' }] }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      process.env.AWS_ENDPOINT_URL_ECS = `http://127.0.0.1:${port}`;
      process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret';
      const clients = awsClients({ action: 'bluegreen-deploy', env: { AWS_REGION: 'us-east-1' } });
      expect(clients.region).toBe('us-east-1');
      expect(clients.ecs).toBe(clients.ecs);
      const out = await clients.ecs.send(
        new DescribeServicesCommand({ cluster: 'c', services: ['s'] }),
      );
      expect(out.failures?.[0]?.reason).toBe('MISSING');
      expect(seen).toHaveLength(2);
      expect(seen[1]!['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.DescribeServices');
      expect(
        String(seen[1]!['user-agent'] ?? '') + String(seen[1]!['x-amz-user-agent'] ?? ''),
      ).toContain(`org-actions-bluegreen-deploy/${SUITE_VERSION}`);
      expect(seen[1]!['amz-sdk-request']).toBe('attempt=2; max=5');
    } finally {
      server.close();
    }
  });
});
