import { deploymentConsoleUrl } from '../../../lib/codedeploy/console-url.js';
import { markdown } from '../../../lib/github/index.js';
import { formatDuration } from '../../../lib/text/duration.js';
import type { WatchOutcome } from '../../../lib/codedeploy/watch.js';
import type { FollowOutcome } from '../../../lib/deploy/follow.js';
import { productionOnTarget } from '../../../lib/deploy/snapshot.js';
import type { CommandResult } from './result.js';

export type Outputs = Record<
  | 'task-definition-arn'
  | 'previous-task-definition-arn'
  | 'deployment-id'
  | 'status'
  | 'rolled-back'
  | 'rollback-deployment-id'
  | 'console-url'
  | 'traffic'
  | 'duration'
  | 'outcome',
  string
>;

export function outputsOf(result: CommandResult, region: string): Outputs {
  if (result.followed) return followedOutputs(result, result.followed);
  const outcome = result.outcome;
  return {
    'task-definition-arn': result.taskDefinitionArn ?? '',
    'previous-task-definition-arn': result.previousTaskDefinitionArn ?? '',
    'deployment-id': result.deploymentId ?? '',
    status: result.status,
    'rolled-back': String(outcome?.rolledBack ?? false),
    'rollback-deployment-id': outcome?.rollbackDeploymentId ?? result.rollbackDeploymentId ?? '',
    'console-url':
      result.consoleUrl ??
      (result.deploymentId ? deploymentConsoleUrl(region, result.deploymentId) : ''),
    traffic: trafficOnNewVersion(outcome),
    duration: outcome ? String(Math.round(outcome.elapsedMs / 1000)) : '',
    outcome: codeDeployOutcome(outcome),
  };
}

/** The `outcome` word of a CodeDeploy watch: the one vocabulary across engines. */
export function codeDeployOutcome(outcome: WatchOutcome | undefined): string {
  if (!outcome) return '';
  if (outcome.rolledBack) return 'rolled-back';
  if (!outcome.ok) return 'failed';
  if (outcome.status === 'Succeeded') return 'succeeded';
  return outcome.status === 'Ready' ? 'ready' : 'in-progress';
}

/** Outputs of a deployment the shared watch followed (ECS-native). */
function followedOutputs(result: CommandResult, followed: FollowOutcome): Outputs {
  const onTarget = productionOnTarget(followed.last);
  const traffic = followed.rolledBack
    ? 0
    : (onTarget ?? (followed.last.phase === 'succeeded' ? 100 : 0));
  return {
    'task-definition-arn': result.taskDefinitionArn ?? '',
    'previous-task-definition-arn': result.previousTaskDefinitionArn ?? '',
    'deployment-id': result.deploymentId ?? '',
    status: result.status,
    'rolled-back': String(followed.rolledBack),
    'rollback-deployment-id': followed.rollbackDeploymentId ?? '',
    'console-url': result.consoleUrl ?? '',
    traffic: String(traffic),
    duration: String(Math.round(followed.elapsedMs / 1000)),
    outcome: followed.outcome,
  };
}

/**
 * Percent of production traffic on the new task set when the step ended (notify-slack's
 * `traffic`): the green task set's weight; 0 once rolled back; '' when no deployment was followed.
 */
export function trafficOnNewVersion(outcome: WatchOutcome | undefined): string {
  if (!outcome) return '';
  if (outcome.rolledBack) return '0';
  const green = outcome.last.taskSets.find((t) => t.label === 'Green');
  if (green) return String(green.trafficWeight);
  return outcome.ok && outcome.status === 'Succeeded' ? '100' : '0';
}

/** The job summary: outcome first, then the timeline and the evidence, then the console link. */
export function summaryOf(result: CommandResult, outputs: Outputs): string {
  const outcome = result.followed ?? result.outcome;
  const icon = result.ok ? '✅' : '❌';
  const what = outcome?.reason ?? result.message ?? result.status;
  let md = markdown.heading(
    `${icon} bluegreen-deploy ${result.command}: ${result.ok ? 'succeeded' : 'failed'}`,
  );
  md += `\n${what}\n\n`;
  md += markdown.table(
    ['', ''],
    [
      ['Deployment', result.deploymentId ?? '—'],
      ['Status', result.status],
      ['Task definition', outputs['task-definition-arn'] || '—'],
      ['Previous task definition', outputs['previous-task-definition-arn'] || '—'],
      [
        'Rolled back',
        outputs['rolled-back'] === 'true'
          ? `yes${outputs['rollback-deployment-id'] ? `, by ${outputs['rollback-deployment-id']}` : ''}`
          : 'no',
      ],
    ],
  );
  if (outputs['console-url'])
    md += `\n${markdown.link(`Open the deployment in the ${result.followed ? 'ECS' : 'CodeDeploy'} console`, outputs['console-url'])}\n`;
  if (outcome?.timeline.length) {
    md += `\n${markdown.heading('Timeline', 3)}`;
    md += markdown.table(
      ['at', 'event'],
      outcome.timeline.map((t) => [`+${formatDuration(t.atMs)}`, t.line]),
    );
  }
  if (outcome && !outcome.ok && outcome.evidence.length) {
    md += `\n${markdown.details('Evidence (gate results, ECS events, stopped tasks)', markdown.code(outcome.evidence.join('\n')))}`;
  }
  return md;
}
