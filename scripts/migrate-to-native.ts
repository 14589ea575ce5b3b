/**
 * Moves a CodeDeploy blue/green ECS service to ECS-native blue/green in place (docs/guide.md,
 * "Moving a CodeDeploy service to ECS-native blue/green"):
 *
 *   npx tsx scripts/migrate-to-native.ts --cluster production --service web            # check, print the calls
 *   npx tsx scripts/migrate-to-native.ts --cluster production --service web --apply    # check, then make them
 *
 * Options: --application, --deployment-group (default: the console's AppECS-/DgpECS-<cluster>-<service>),
 * --role-arn (the ECS infrastructure role for load balancers). Uses the AWS SDK's usual
 * environment (AWS_REGION, credentials, AWS_ENDPOINT_URL_*). Exit 0: migrated (or, without
 * --apply, ready to); 1: a problem, each named on its own line before anything changed; 2: bad arguments.
 */
import { parseArgs } from 'node:util';
import { awsClients } from '../lib/aws/clients.js';
import { isActionError } from '../lib/errors/action-error.js';
import { migrationProblems } from '../lib/ecs-deployments/migration-preflight.js';
import { cliLine, migrationPlan } from '../lib/ecs-deployments/migration-plan.js';
import { applyMigration, readMigrationFacts } from './migration-calls.js';

const USAGE =
  'usage: migrate-to-native --cluster NAME --service NAME [--application NAME] [--deployment-group NAME] [--role-arn ARN] [--apply]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        cluster: { type: 'string' },
        service: { type: 'string' },
        application: { type: 'string' },
        'deployment-group': { type: 'string' },
        'role-arn': { type: 'string' },
        apply: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`migrate-to-native: ${(error as Error).message}; ${USAGE}\n`);
    return 2;
  }
  if (!values.cluster || !values.service) {
    process.stderr.write(`migrate-to-native: --cluster and --service are required; ${USAGE}\n`);
    return 2;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const clients = awsClients({ action: 'migrate-to-native' });
  const facts = await readMigrationFacts(clients, {
    cluster: values.cluster,
    service: values.service,
    ...(values.application ? { application: values.application } : {}),
    ...(values['deployment-group'] ? { deploymentGroup: values['deployment-group'] } : {}),
  });
  const problems = migrationProblems(facts);
  if (problems.length) {
    say(`Not migrated: ${problems.length} problem(s), nothing was changed:`);
    for (const p of problems) say(`error: ${p}`);
    return 1;
  }
  const calls = migrationPlan(facts, {
    ...(values['role-arn'] ? { roleArn: values['role-arn'] } : {}),
  });
  say(`Preflight passed for ${values.cluster}/${values.service}. The calls, in order:`);
  calls.forEach((call, k) => say(`${k + 1}. ${call.why}:\n   ${cliLine(call)}`));
  if (!values.apply) {
    say('Nothing changed: run again with --apply to make these calls.');
    return 0;
  }
  await applyMigration(clients, calls, (call) => say(`→ ${call.operation}`));
  say(
    `Migrated: ${values.cluster}/${values.service} deploys with ECS-native blue/green; bluegreen-deploy needs no input change (drop appspec and deployment-config).`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const line = isActionError(error)
      ? error.line
      : `${(error as Error).name}: ${(error as Error).message}`;
    process.stderr.write(`migrate-to-native: ${line}\n`);
    process.exit(1);
  },
);
