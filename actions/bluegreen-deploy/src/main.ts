import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { givenInputs, readInputs, type Inputs } from './inputs.js';

/**
 * Inputs first: read and checked before anything else loads, so a bad input fails at once. The
 * AWS SDK and the engines load only for a run that will use them (their own bundle chunk).
 */
async function main(toolkit: Toolkit): Promise<void> {
  const inputs: Inputs = {
    ...readInputs(inputReader(toolkit)),
    given: givenInputs((name) => toolkit.input(name)),
  };
  // The whole input is masked as it is read; the value alone may show up too (a test command's output).
  if (inputs.testHeader) toolkit.setSecret(inputs.testHeader.value);
  const { runCommand } = await import('./command.js');
  await runCommand(toolkit, inputs);
}

/** The post step of a cancelled run: stop what it started, with rollback. */
async function post(toolkit: Toolkit): Promise<void> {
  const { rollBackCancelledRun } = await import('./cancel-and-rollback.js');
  await rollBackCancelledRun(toolkit);
}

await run(main, { post });
