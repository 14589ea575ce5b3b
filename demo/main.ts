/**
 * `npm run demo`: a real blue/green release, locally, with traffic you can watch. Exits 0 only when
 * every phase did what it should (README: "npm run demo").
 *
 * `npm run demo -- --containers`: the whole deploy pipeline, build-push included, with the tasks
 * as Docker containers of the image it built (needs Docker and the registry at 127.0.0.1:5000).
 *
 * `npm run demo -- --engine ecs`: the same story on ECS-native blue/green (deployment controller
 * ECS, strategy CANARY, the gate at the service's PAUSE hook) instead of CodeDeploy.
 */
import { missingServices } from './containers.js';
import { formatReport } from './report.js';
import { runDemo } from './scenario.js';
import { parseArgs } from './args.js';

async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if ('problem' in parsed) {
    process.stderr.write(`demo: ${parsed.problem}\n`);
    return 2;
  }
  const { containers, engine } = parsed;
  if (containers) {
    const missing = await missingServices();
    if (missing) {
      process.stderr.write(`${missing}\n`);
      return 1;
    }
  }
  // A hung phase must not hang CI: the emulator's exit hook still kills every task (process or
  // container). The image build and container boots take their share of the longer limit.
  const limitMs = containers ? 220_000 : 170_000;
  const watchdog = setTimeout(() => {
    process.stderr.write(`demo: still running after ${limitMs / 1000}s; giving up\n`);
    process.exit(1);
  }, limitMs);
  watchdog.unref();
  const speed = Number(process.env.DEMO_SPEED ?? 20);
  const report = await runDemo({
    speed,
    containers,
    engine,
    print: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`\n${formatReport(report).join('\n')}\n`);
  return report.problems.length === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // process.exit runs the exit hook that kills the tasks.
  process.once(signal, () => process.exit(130));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
