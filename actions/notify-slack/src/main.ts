import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import { deliver, planDelivery, type DeliveryResult } from '../../../lib/slack/index.js';
import { readInputs } from './inputs.js';
import { composeMessages } from './messages.js';
import { runnerOf } from '../../../lib/github/run-context.js';

async function main(toolkit: Toolkit): Promise<void> {
  const { run: context } = runnerOf(process.env);
  const inputs = readInputs(inputReader(toolkit), context);
  const messages = composeMessages(inputs.details, inputs.template);
  const steps = planDelivery(inputs.destination, messages);

  const result = await toolkit.group(`Notify Slack: ${inputs.details.status}`, () =>
    deliver(steps, inputs.connection, {
      info: (m) => toolkit.info(m),
      debug: (m) => toolkit.debug(m),
    }),
  );

  setOutputs(toolkit, inputs.details.status, result);
  if (result.failure) reportFailure(toolkit, result, inputs.failOnError);
  else toolkit.info(describeSuccess(result));
}

function setOutputs(toolkit: Toolkit, status: string, result: DeliveryResult): void {
  toolkit.setOutput('ts', result.ts ?? '');
  toolkit.setOutput('channel', result.channel ?? '');
  toolkit.setOutput('reply-ts', result.replyTs ?? '');
  toolkit.setOutput('status', status);
  toolkit.setOutput('sent', !result.failure);
}

function describeSuccess(result: DeliveryResult): string {
  if (!result.ts) return 'Sent to Slack through the incoming webhook.';
  const reply = result.replyTs ? `, thread reply ${result.replyTs}` : '';
  return `Sent to Slack: message ${result.ts} in ${result.channel}${reply}.`;
}

/** Never silent: always a warning annotation with Slack's error; a failed step only when asked. */
function reportFailure(toolkit: Toolkit, result: DeliveryResult, failOnError: boolean): void {
  const failure = result.failure!;
  const tries = failure.attempts > 1 ? ` after ${failure.attempts} tries` : '';
  const message = `Slack notification not sent: ${failure.call} failed${tries}: ${failure.reason}.${failure.hint ? ` ${failure.hint}` : ''}`;
  toolkit.warning(message, { title: 'notify-slack' });
  if (failOnError) {
    throw new ActionError(
      message,
      'Set fail-on-error: false to let the job go on when Slack fails.',
    );
  }
}

await run(main);
