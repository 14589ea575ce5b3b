/**
 * `npm run demo`: a real blue/green release, locally, with traffic you can watch. Exits 0 only when
 * every phase did what it should (README: "npm run demo").
 */
import { formatReport } from './report.js';
import { runDemo } from './scenario.js';

const LIMIT_MS = 170_000;

async function main(): Promise<number> {
  // A hung phase must not hang CI: the emulator's exit hook still kills every task process.
  const watchdog = setTimeout(() => {
    process.stderr.write(`demo: still running after ${LIMIT_MS / 1000}s; giving up\n`);
    process.exit(1);
  }, LIMIT_MS);
  watchdog.unref();
  const speed = Number(process.env.DEMO_SPEED ?? 20);
  const report = await runDemo({ speed, print: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`\n${formatReport(report).join('\n')}\n`);
  return report.problems.length === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // process.exit runs the exit hook that kills the tasks.
  process.once(signal, () => process.exit(130));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
