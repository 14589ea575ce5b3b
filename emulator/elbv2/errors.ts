/** ELBv2's not-found errors (code as in the model, message as AWS words it). */
import { AwsError } from '../protocol/json-service.js';

export const lbNotFound = (): AwsError =>
  new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
export const tgNotFound = (): AwsError =>
  new AwsError('TargetGroupNotFound', 'One or more target groups not found');
export const listenerNotFound = (): AwsError =>
  new AwsError('ListenerNotFound', 'One or more listeners not found');
export const ruleNotFound = (): AwsError =>
  new AwsError('RuleNotFound', 'One or more rules not found');
