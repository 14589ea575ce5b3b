import { awsClients } from '../../../lib/aws/clients.js';
import { realClock } from '../../../lib/clock/clock.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import type { Toolkit } from '../../../lib/github/index.js';
import { runnerOf } from '../../../lib/github/run-context.js';
import type { CommandContext } from './context.js';
import { deploy } from './deploy.js';
import type { Command, Inputs } from './inputs.js';
import { abortOnSignals, DEPLOYMENT_STATE } from './cancel-and-rollback.js';
import { promote } from './promote.js';
import { outputsOf, summaryOf } from './report.js';
import type { CommandResult } from './result.js';
import { rollback } from './rollback.js';
import { runRollingCommand } from './rolling-commands.js';
import { status } from './status.js';

const COMMANDS: Record<Command, (inputs: Inputs, ctx: CommandContext) => Promise<CommandResult>> = {
  deploy,
  promote,
  rollback,
  status,
};

/** Runs the command its checked inputs ask for, on the service's engine, and reports it. */
export async function runCommand(toolkit: Toolkit, inputs: Inputs): Promise<void> {
  const runner = runnerOf(process.env);
  const signal = abortOnSignals(toolkit);
  const clients = awsClients({
    action: 'bluegreen-deploy',
    maxAttempts: inputs.maxAttempts,
    signal,
  });
  const ctx: CommandContext = {
    clients,
    clock: realClock,
    log: (line) => toolkit.info(line),
    debug: (line) => toolkit.debug(line),
    signal,
    run: runner.run,
    env: runner.env,
    rememberDeployment: (id) => toolkit.saveState(DEPLOYMENT_STATE, id),
  };
  const result = await toolkit.group(
    `bluegreen-deploy ${inputs.command} ${inputs.cluster}/${inputs.service}`,
    async () => {
      if (inputs.command !== 'deploy') {
        const rolling = await runRollingCommand(inputs, ctx);
        if (rolling) return rolling;
      }
      return COMMANDS[inputs.command](inputs, ctx);
    },
  );
  const outputs = outputsOf(result, clients.region);
  for (const [name, value] of Object.entries(outputs)) toolkit.setOutput(name, value);
  await toolkit.appendSummary(summaryOf(result, outputs));
  const reason = result.followed?.reason;
  if (!result.ok) {
    const where = outputs['console-url'] ? ` Console: ${outputs['console-url']}` : '';
    throw new ActionError(
      `${result.command} ${result.deploymentId ?? ''} failed: ${reason ?? result.status}.${where}`,
    );
  }
  toolkit.info(
    `${result.command} ${result.deploymentId ?? ''}: ${reason ?? result.message ?? result.status}`,
  );
}
