import {
  buildReleaseMessage,
  buildStageReply,
  fitMessage,
  parseTemplate,
  releaseVariables,
  renderTemplate,
  statusStyle,
  type ReleaseDetails,
  type SlackMessage,
} from '../../../lib/slack/index.js';

export interface StageMessages {
  release: SlackMessage;
  stage: SlackMessage;
  failure: boolean;
}

/**
 * The release message (ours, or the user's template filled in) and this stage's thread reply.
 * A template with no `text` gets ours: Slack needs it for notifications and screen readers.
 */
export function composeMessages(details: ReleaseDetails, template?: string): StageMessages {
  const style = statusStyle(details.status);
  const built = buildReleaseMessage(details);
  const release = template
    ? fitMessage({
        text: built.text,
        ...renderTemplate(parseTemplate(template), releaseVariables(details, style)),
      })
    : built;
  return { release, stage: buildStageReply(details), failure: style.failure };
}
