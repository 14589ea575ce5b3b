import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';

// Placeholder flow: the render-taskdef issue replaces it with the real one.
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = inputReader(toolkit);
  const value = inputs.string('task-definition', { example: 'taskdef.json' });
  inputs.done();
  toolkit.info(`render-taskdef: task-definition=${value}`);
}

await run(main);
