import { deploymentConsoleUrl } from '../../../lib/codedeploy/console-url.js';
import { markdown } from '../../../lib/github/index.js';
import { formatDuration } from '../../../lib/text/duration.js';
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
  return {
    'task-definition-arn': result.taskDefinitionArn ?? '',
    'previous-task-definition-arn': result.previousTaskDefinitionArn ?? '',
    'deployment-id': result.deploymentId ?? '',
    status: result.status,
    'rolled-back': 'false',
    'rollback-deployment-id': result.rollbackDeploymentId ?? '',
    'console-url':
      result.consoleUrl ??
      (result.deploymentId ? deploymentConsoleUrl(region, result.deploymentId) : ''),
    traffic: '',
    duration: '',
    outcome: '',
  };
}

/** Outputs of a deployment the shared watch followed, on any engine. */
function followedOutputs(result: CommandResult, followed: FollowOutcome): Outputs {
  return {
    'task-definition-arn': result.taskDefinitionArn ?? '',
    'previous-task-definition-arn': result.previousTaskDefinitionArn ?? '',
    'deployment-id': result.deploymentId ?? '',
    status: result.status,
    'rolled-back': String(followed.rolledBack),
    'rollback-deployment-id': followed.rollbackDeploymentId ?? '',
    'console-url': result.consoleUrl ?? '',
    traffic: trafficOnNewVersion(followed),
    // status reads once and follows nothing.
    duration: result.command === 'status' ? '' : String(Math.round(followed.elapsedMs / 1000)),
    outcome: followed.outcome,
  };
}

/**
 * Percent of production traffic on the new revision when the step ended (notify-slack's
 * `traffic`): the target's weight (CodeDeploy's green task set); 0 once rolled back.
 */
export function trafficOnNewVersion(followed: FollowOutcome): string {
  if (followed.rolledBack) return '0';
  const onTarget = productionOnTarget(followed.last);
  return String(onTarget ?? (followed.last.phase === 'succeeded' ? 100 : 0));
}

/** The job summary: outcome first, then the timeline and the evidence, then the console link. */
export function summaryOf(result: CommandResult, outputs: Outputs): string {
  const outcome = result.followed;
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
    md += `\n${markdown.link(`Open the deployment in the ${consoleName(result)} console`, outputs['console-url'])}\n`;
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

/** Whose console the link opens: CodeDeploy's, or ECS's for the ECS engines. */
function consoleName(result: CommandResult): string {
  const engine = result.followed?.last.engine ?? result.engine ?? 'codedeploy';
  return engine === 'codedeploy' ? 'CodeDeploy' : 'ECS';
}
