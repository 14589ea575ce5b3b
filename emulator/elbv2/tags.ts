/** AddTags, RemoveTags, DescribeTags over load balancers, target groups, listeners and rules. */
import { AwsError } from '../protocol/json-service.js';
import type { QueryHandler } from '../protocol/query.js';
import type { EmulatorState } from '../state.js';
import { lbNotFound, listenerNotFound, ruleNotFound, tgNotFound } from './errors.js';
import { memberList, tagsOf, validation } from './params.js';

const MAX_TAGS = 50;
type Tag = { key: string; value: string };

/** Merges `tags` into the resource's (same key: new value). */
export function setTags(state: EmulatorState, arn: string, tags: Tag[]): void {
  const keys = tags.map((t) => t.key);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate !== undefined)
    throw new AwsError('DuplicateTagKeys', `Tag key '${duplicate}' is specified more than once`);
  const merged = (state.elb.tags.get(arn) ?? []).filter((t) => !keys.includes(t.key));
  merged.push(...tags);
  if (merged.length > MAX_TAGS)
    throw new AwsError('TooManyTags', `A resource can have at most ${MAX_TAGS} tags`);
  if (merged.length) state.elb.tags.set(arn, merged);
}

/** The resource must exist; the error names its kind, as AWS does. */
function checkResource(state: EmulatorState, arn: string): void {
  const { elb } = state;
  if (arn.includes(':loadbalancer/')) {
    if (!elb.loadBalancers.has(arn)) throw lbNotFound();
  } else if (arn.includes(':targetgroup/')) {
    if (!elb.targetGroups.has(arn)) throw tgNotFound();
  } else if (arn.includes(':listener-rule/')) {
    if (!elb.rules.has(arn)) throw ruleNotFound();
  } else if (arn.includes(':listener/')) {
    if (!elb.listeners.has(arn)) throw listenerNotFound();
  } else {
    throw validation(`'${arn}' is not a load balancer, target group, listener or rule ARN`);
  }
}

function resourceArns(params: Record<string, string>): string[] {
  const arns = memberList(params, 'ResourceArns');
  if (!arns.length) throw validation('ResourceArns must list at least one ARN');
  if (arns.length > 20) throw validation('ResourceArns can list at most 20 ARNs');
  return arns;
}

export function tagHandlers(state: EmulatorState): Record<string, QueryHandler> {
  return {
    AddTags(params) {
      const arns = resourceArns(params);
      const tags = tagsOf(params);
      if (!tags.length) throw validation('Tags must list at least one tag');
      arns.forEach((arn) => checkResource(state, arn));
      arns.forEach((arn) => setTags(state, arn, tags));
      return {};
    },
    RemoveTags(params) {
      const arns = resourceArns(params);
      const keys = memberList(params, 'TagKeys');
      arns.forEach((arn) => checkResource(state, arn));
      for (const arn of arns) {
        const left = (state.elb.tags.get(arn) ?? []).filter((t) => !keys.includes(t.key));
        state.elb.tags.set(arn, left);
      }
      return {};
    },
    DescribeTags(params) {
      const arns = resourceArns(params);
      arns.forEach((arn) => checkResource(state, arn));
      return {
        TagDescriptions: arns.map((arn) => ({
          ResourceArn: arn,
          Tags: (state.elb.tags.get(arn) ?? []).map((t) => ({ Key: t.key, Value: t.value })),
        })),
      };
    },
  };
}
