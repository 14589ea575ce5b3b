import { inputReader, run, type Toolkit } from '../../../lib/github/index.js';
import { readInputs } from './inputs.js';

/**
 * Inputs first: read and checked before anything else loads, so a bad input fails at once; the
 * rendering, the AWS SDK and the diff load after (their own bundle chunk).
 */
async function main(toolkit: Toolkit): Promise<void> {
  const inputs = readInputs(inputReader(toolkit));
  const { renderAndReport } = await import('./render-flow.js');
  await renderAndReport(toolkit, inputs);
}

await run(main);
