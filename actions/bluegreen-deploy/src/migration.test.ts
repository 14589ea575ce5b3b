import { describe, expect, it } from 'vitest';
import { awslogsStreamOf } from '../../../lib/ecs-tasks/log-stream.js';
import { placement } from './migration.js';

const vpc = (subnet: string) => ({ awsvpcConfiguration: { subnets: [subnet] } });

describe('placement: the migration runs where the service runs', () => {
  it.each([
    [
      'an ECS-controlled service: its own network and launch type',
      { networkConfiguration: vpc('subnet-a'), launchType: 'FARGATE', platformVersion: 'LATEST' },
      { networkConfiguration: vpc('subnet-a'), launchType: 'FARGATE', platformVersion: 'LATEST' },
    ],
    [
      'a CODE_DEPLOY service: the primary task set holds the network',
      {
        taskSets: [
          { status: 'ACTIVE', networkConfiguration: vpc('subnet-old') },
          { status: 'PRIMARY', networkConfiguration: vpc('subnet-b'), launchType: 'FARGATE' },
        ],
      },
      { networkConfiguration: vpc('subnet-b'), launchType: 'FARGATE' },
    ],
    [
      'capacity providers win over a launch type',
      {
        launchType: 'EC2',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      },
      { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] },
    ],
    [
      'a bridge-mode EC2 service: no network configuration',
      { launchType: 'EC2' },
      { launchType: 'EC2' },
    ],
  ] as const)('%s', (_name, service, expected) => {
    expect(placement(service as never)).toEqual(expected);
  });
});

describe('awslogsStreamOf', () => {
  const arn = 'arn:aws:ecs:us-east-1:123456789012:task/staging/0123abcd';
  it('is <prefix>/<container>/<task id> in the group', () => {
    expect(
      awslogsStreamOf(
        {
          name: 'web',
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs' },
          },
        },
        arn,
      ),
    ).toEqual({ group: '/ecs/web', stream: 'ecs/web/0123abcd' });
  });
  it('is nothing for another driver or without a prefix (AWS names that stream otherwise)', () => {
    expect(
      awslogsStreamOf({ name: 'web', logConfiguration: { logDriver: 'awsfirelens' } }, arn),
    ).toBeUndefined();
    expect(
      awslogsStreamOf(
        {
          name: 'web',
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } },
        },
        arn,
      ),
    ).toBeUndefined();
  });
});
