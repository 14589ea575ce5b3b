import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { ActionError } from '../errors/action-error.js';

/**
 * The URL of the deployment group's test listener (testTrafficRoute): where the replacement
 * answers while the deployment waits in Ready. `http(s)://<load balancer DNS name>:<port>`.
 */
export async function testListenerUrl(
  elbv2: ElasticLoadBalancingV2Client,
  group: DeploymentGroupInfo,
): Promise<string> {
  const arn =
    group.loadBalancerInfo?.targetGroupPairInfoList?.[0]?.testTrafficRoute?.listenerArns?.[0];
  if (!arn) {
    throw new ActionError(
      `Deployment group "${group.deploymentGroupName}" has no test listener to derive test-url from.`,
      'Set test-url, or add a test listener (testTrafficRoute) to the group.',
    );
  }
  const listener = (await elbv2.send(new DescribeListenersCommand({ ListenerArns: [arn] })))
    .Listeners?.[0];
  const lb = listener?.LoadBalancerArn
    ? (
        await elbv2.send(
          new DescribeLoadBalancersCommand({ LoadBalancerArns: [listener.LoadBalancerArn] }),
        )
      ).LoadBalancers?.[0]
    : undefined;
  if (!listener?.Port || !lb?.DNSName) {
    throw new ActionError(
      `The test listener ${arn} of deployment group "${group.deploymentGroupName}" has no load balancer DNS name or port.`,
      'Set test-url to the URL that reaches the test listener.',
    );
  }
  const scheme = listener.Protocol === 'HTTPS' ? 'https' : 'http';
  return `${scheme}://${lb.DNSName}:${listener.Port}`;
}
