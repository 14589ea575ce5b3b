/**
 * ELBv2 in the query protocol: load balancers, target groups, listeners, rules, targets and tags.
 * Forward weights live on listener rules (rules.ts), which CodeDeploy, ECS and the data plane share.
 */
import type { QueryService } from '../protocol/query.js';
import type { EmulatorState } from '../state.js';
import { listenerHandlers } from './listeners.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { ruleHandlers } from './rule-api.js';
import { tagHandlers } from './tags.js';
import { targetGroupHandlers } from './target-groups.js';
import { targetHandlers } from './targets.js';

export function createElbv2Service(state: EmulatorState): QueryService {
  return {
    name: 'elbv2',
    version: '2015-12-01',
    xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    handlers: {
      ...loadBalancerHandlers(state),
      ...targetGroupHandlers(state),
      ...listenerHandlers(state),
      ...ruleHandlers(state),
      ...targetHandlers(state),
      ...tagHandlers(state),
    },
  };
}
