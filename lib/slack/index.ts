export { RELEASE_STATUSES, JOB_STATUSES, resolveStatus, statusStyle } from './status.js';
export type { ReleaseStatus, JobStatus, StatusStyle } from './status.js';
export {
  DEPLOYMENT_OUTCOMES,
  deploymentStage,
  type DeploymentOutcome,
} from './deployment-stage.js';
export { defaultTitle, releaseVariables, type ReleaseDetails } from './release.js';
export { buildReleaseMessage, buildStageReply, type SlackMessage } from './release-message.js';
export { fitMessage, truncate, SLACK_LIMITS } from './limits.js';
export { parseTemplate, renderTemplate, type TemplatePayload } from './template.js';
export { planDelivery, type Destination, type DeliveryStep } from './delivery.js';
export {
  deliver,
  type DeliveryResult,
  type DeliveryFailure,
  type SlackConnection,
} from './sender.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export { secretScrubber } from './scrub.js';
