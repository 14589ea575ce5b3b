import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emulator.stop();
});

describe('ELBv2 (query protocol) through the real SDK', () => {
  it('describes the seeded load balancer, listeners, rules and target groups', async () => {
    const lbs = await h.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['staging-web'] }));
    const lb = lbs.LoadBalancers![0]!;
    expect(lb).toMatchObject({
      LoadBalancerName: 'staging-web',
      Type: 'application',
      State: { Code: 'active' },
    });
    expect(lb.CreatedTime).toBeInstanceOf(Date);
    const listeners = await h.elbv2.send(
      new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(listeners.Listeners!.map((l) => l.Port)).toEqual([80, 8443]);
    const action = listeners.Listeners![0]!.DefaultActions![0]!;
    expect(action.Type).toBe('forward');
    expect(action.ForwardConfig?.TargetGroups).toHaveLength(1);
    const rules = await h.elbv2.send(
      new DescribeRulesCommand({ ListenerArn: listeners.Listeners![0]!.ListenerArn }),
    );
    expect(rules.Rules![0]).toMatchObject({ Priority: 'default', IsDefault: true });
    const tgs = await h.elbv2.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(tgs.TargetGroups!.map((t) => [t.TargetGroupName, t.HealthCheckPath, t.Port])).toEqual([
      ['staging-web-blue', '/healthz', 8080],
      ['staging-web-green', '/healthz', 8080],
    ]);
  });

  it('reports the service tasks as healthy targets of the blue target group', async () => {
    const tgs = await h.elbv2.send(
      new DescribeTargetGroupsCommand({ Names: ['staging-web-blue', 'staging-web-green'] }),
    );
    const health = await h.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: tgs.TargetGroups![0]!.TargetGroupArn }),
    );
    expect(health.TargetHealthDescriptions).toHaveLength(2);
    expect(health.TargetHealthDescriptions![0]).toMatchObject({
      Target: { Port: 8080 },
      TargetHealth: { State: 'healthy' },
    });
    const green = await h.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: tgs.TargetGroups![1]!.TargetGroupArn }),
    );
    expect(green.TargetHealthDescriptions).toEqual([]);
  });

  it('answers unknown target groups with TargetGroupNotFoundException', async () => {
    const error = await caught(h.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['nope'] })));
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
  });
});
