import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';

// Placeholder flow: the build-push issue replaces it with the real one.
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = inputReader(toolkit);
  const value = inputs.string('repository', {
    example: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api',
  });
  inputs.done();
  toolkit.info(`build-push: repository=${value}`);
}

await run(main);
