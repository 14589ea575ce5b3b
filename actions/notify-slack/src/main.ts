import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';

// Placeholder flow: the notify-slack issue replaces it with the real one.
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = inputReader(toolkit);
  const value = inputs.string('status', { example: 'started' });
  inputs.done();
  toolkit.info(`notify-slack: status=${value}`);
}

await run(main);
