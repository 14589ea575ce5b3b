import {
  deploymentEngineOf,
  deploymentStage,
  shortDeploymentId,
  type DeploymentOutcome,
} from './deployment-stage.js';
import type { ReleaseStatus } from './status.js';

/** Everything a notification can say about one stage of a release. Unset details are not shown. */
export interface ReleaseDetails {
  status: ReleaseStatus;
  title: string;
  environment?: string;
  /** Image reference, ideally pinned by digest (`repo@sha256:...`). */
  image?: string;
  taskDefinitionArn?: string;
  /** A CodeDeploy deployment id, or an ECS service deployment ARN (ECS-native). */
  deploymentId?: string;
  /** bluegreen-deploy's outcome: where the deployment stands, on either engine. */
  outcome?: DeploymentOutcome;
  /** Percent of production traffic on the new version, 0 to 100. */
  traffic?: number;
  duration?: string;
  consoleUrl?: string;
  runUrl?: string;
  approvalUrl?: string;
  commit?: string;
  commitUrl?: string;
  /** First line of the commit message. */
  commitMessage?: string;
  author?: string;
  repository?: string;
  ref?: string;
  fields: readonly { key: string; value: string }[];
  /** Slack mention syntax (`<!here>`, `<!subteam^ID>`, `<@U123>`), added to failures only. */
  mentions: readonly string[];
}

/** `api to production` from the repository and environment, when the user gave no title. */
export function defaultTitle(
  repository: string | undefined,
  environment: string | undefined,
): string {
  const name = repository?.split('/').pop() || 'Release';
  return environment ? `${name} to ${environment}` : name;
}

/** `repo@sha256:1a2b3c4d5e6f` from a full image reference: short enough for a phone. */
export function shortImage(image: string): string {
  const [name = image, digest] = image.split('@');
  const repo = name.split('/').pop() ?? name;
  if (!digest) return repo;
  const [algorithm, hex = ''] = digest.split(':');
  return `${repo}@${algorithm}:${hex.slice(0, 12)}`;
}

/** `family:revision` from a task definition ARN; anything else unchanged. */
export function shortTaskDefinition(arn: string): string {
  const match = /:task-definition\/(.+)$/.exec(arn);
  return match?.[1] ?? arn;
}

/** A ten-step bar: `▰▰▱▱▱▱▱▱▱▱ 20%`, legible at a glance on a phone. */
export function trafficBar(percent: number): string {
  const filled = Math.round(percent / 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${percent}%`;
}

/** Template variables for one release: unset details are absent, so a template can tell. */
export function releaseVariables(
  details: ReleaseDetails,
  style: { emoji: string; label: string; colour: string },
): Record<string, string> {
  const all: Record<string, string | undefined> = {
    status: details.status,
    status_label: style.label,
    status_emoji: style.emoji,
    color: style.colour,
    title: details.title,
    environment: details.environment,
    image: details.image,
    image_short: details.image && shortImage(details.image),
    task_definition_arn: details.taskDefinitionArn,
    task_definition: details.taskDefinitionArn && shortTaskDefinition(details.taskDefinitionArn),
    deployment_id: details.deploymentId,
    deployment_short: details.deploymentId && shortDeploymentId(details.deploymentId),
    engine: deploymentEngineOf(details.deploymentId),
    outcome: details.outcome,
    stage: deploymentStage(details.outcome, details.traffic, details.deploymentId),
    traffic: details.traffic === undefined ? undefined : String(details.traffic),
    duration: details.duration,
    console_url: details.consoleUrl,
    run_url: details.runUrl,
    approval_url: details.approvalUrl,
    commit: details.commit,
    commit_short: details.commit?.slice(0, 7),
    commit_url: details.commitUrl,
    commit_message: details.commitMessage,
    author: details.author,
    repository: details.repository,
    ref: details.ref,
    mention: details.mentions.join(' ') || undefined,
  };
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) if (value) variables[name] = value;
  // A user's field is addressed by its own name and wins over a built-in of the same name.
  for (const field of details.fields) variables[field.key] = field.value;
  return variables;
}
