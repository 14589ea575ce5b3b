import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';

// Placeholder flow: the bluegreen-deploy issue replaces it with the real one.
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = inputReader(toolkit);
  const value = inputs.string('cluster', { example: 'production' });
  inputs.done();
  toolkit.info(`bluegreen-deploy: cluster=${value}`);
}

await run(main);
