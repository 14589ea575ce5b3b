import { awsClients } from '../../../lib/aws/clients.js';
import { realClock } from '../../../lib/codedeploy/clock.js';
import { ActionError } from '../../../lib/errors/action-error.js';
import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { runnerOf } from '../../../lib/github/run-context.js';
import type { CommandContext } from './context.js';
import { deploy } from './deploy.js';
import { readInputs, type Command, type Inputs } from './inputs.js';
import { DEPLOYMENT_STATE, rollBackAfterCancel } from './post.js';
import { promote } from './promote.js';
import { outputsOf, summaryOf } from './report.js';
import type { CommandResult } from './result.js';
import { rollback } from './rollback.js';
import { status } from './status.js';

const COMMANDS: Record<Command, (inputs: Inputs, ctx: CommandContext) => Promise<CommandResult>> = {
  deploy,
  promote,
  rollback,
  status,
};

async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(inputReader(toolkit));
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
    () => COMMANDS[inputs.command](inputs, ctx),
  );
  const outputs = outputsOf(result, clients.region);
  for (const [name, value] of Object.entries(outputs)) toolkit.setOutput(name, value);
  await toolkit.appendSummary(summaryOf(result, outputs));
  if (!result.ok) {
    const where = outputs['console-url'] ? ` Console: ${outputs['console-url']}` : '';
    throw new ActionError(
      `${result.command} ${result.deploymentId ?? ''} failed: ${result.outcome?.reason ?? result.status}.${where}`,
    );
  }
  toolkit.info(
    `${result.command} ${result.deploymentId ?? ''}: ${result.outcome?.reason ?? result.message ?? result.status}`,
  );
}

/** The cancelled run's post step: roll back what main left running. */
async function post(toolkit: Toolkit): Promise<void> {
  const deploymentId = toolkit.getState(DEPLOYMENT_STATE);
  if (!deploymentId) return toolkit.info('No deployment was started; nothing to roll back.');
  const { codedeploy } = awsClients({ action: 'bluegreen-deploy' });
  const { line, outcome } = await rollBackAfterCancel(
    { codedeploy, clock: realClock, log: (l) => toolkit.info(l) },
    deploymentId,
  );
  toolkit.info(line);
  if (outcome && !outcome.rolledBack) throw new ActionError(`Cancelled run: ${line}`);
}

/** SIGINT/SIGTERM (the runner cancelling the job) abort the watch, which stops with rollback. */
function abortOnSignals(toolkit: Toolkit): AbortSignal {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      toolkit.info(`Received ${signal}: stopping the deployment with rollback`);
      controller.abort();
    });
  }
  return controller.signal;
}

await run(main, { post });
