import type { RawInputs } from '../../../lib/deploy/engine-inputs.js';
import type { InputReader } from '../../../lib/github/index.js';
import { inputPathProblem } from '../../../lib/paths/input-path.js';
import { ON_CONFLICT, type OnConflict } from '../../../lib/deploy/on-conflict.js';
import { WAIT_UNTIL, type WaitUntil } from '../../../lib/deploy/next-step.js';
import type { TestHeader } from '../../../lib/gate/ready-gate.js';
import { DEFAULT_CHECKS, parseTestChecks, type TestCheck } from '../../../lib/gate/test-checks.js';
import { parseTestHeader } from '../../../lib/gate/test-header.js';
import { readMigrationInputs, type MigrationInputs } from './migration-inputs.js';

export const COMMANDS = ['deploy', 'promote', 'rollback', 'status'] as const;
export type Command = (typeof COMMANDS)[number];

const TASK_DEFINITION_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+$/;
/** A CodeDeploy deployment id or a service deployment ARN; which one the engine wants is engineInputProblems'. */
const DEPLOYMENT_ID =
  /^(d-[A-Z0-9]{9}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service-deployment\/[^/\s]+\/[^/\s]+\/[A-Za-z0-9_-]+)$/;
const MINUTE = 60_000;

/** Every input of action.yml, parsed once; keys follow the input names. */
export interface Inputs {
  command: Command;
  cluster: string;
  service: string;
  /** A file to register, or an ARN already registered (promoting the same artifact). */
  taskDefinition?: { path: string } | { arn: string };
  appspec?: string;
  containerName?: string;
  containerPort?: number;
  codedeployApplication?: string;
  codedeployDeploymentGroup?: string;
  deploymentConfig?: string;
  description?: string;
  onConflict: OnConflict;
  waitUntil: WaitUntil;
  timeoutMs: number;
  testUrl?: string;
  testChecks: TestCheck[];
  testWindowMs: number;
  /** Run as a workflow `run:` step runs: `bash -e -o pipefail -c <testCommand>`. */
  testCommand?: string;
  /** Sent with every gate HTTP request; masked. */
  testHeader?: TestHeader;
  deploymentId?: string;
  autoRollback: boolean;
  tags: { key: string; value: string }[];
  maxAttempts?: number;
  /** A one-off task run after registration, before any traffic moves (migration.ts). */
  migration?: MigrationInputs;
  /** The raw text of the inputs an engine may refuse (engineInputProblems); set by main. */
  given?: RawInputs;
}

/** The inputs engineInputProblems judges, by their action.yml names. */
export const ENGINE_JUDGED_INPUTS = [
  'appspec',
  'codedeploy-application',
  'codedeploy-deployment-group',
  'container-name',
  'container-port',
  'deployment-config',
  'wait-until',
  'test-url',
  'test-checks',
  'test-command',
  'test-window',
  'test-header',
  'command',
  'auto-rollback',
  'deployment-id',
] as const;

/** The raw input texts engineInputProblems reads, from the runner's INPUT_* values. */
export function givenInputs(input: (name: string) => string): RawInputs {
  return Object.fromEntries(
    ENGINE_JUDGED_INPUTS.map((name) => {
      const value = input(name).trim();
      // A refusal quotes the value: never a secret's.
      return [name, SECRET_INPUTS.includes(name) && value ? '(value hidden)' : value];
    }),
  );
}

const SECRET_INPUTS: readonly string[] = ['test-header'];

export function readInputs(reader: InputReader): Inputs {
  const command = reader.oneOf('command', COMMANDS, 'deploy');
  const inputs: Inputs = {
    command,
    cluster: reader.string('cluster', { example: 'production' }),
    service: reader.string('service', { example: 'web' }),
    appspec: reader.path('appspec', 'file'),
    containerName: reader.optionalString('container-name'),
    containerPort: reader.integer('container-port', { min: 1, max: 65535 }),
    codedeployApplication: reader.optionalString('codedeploy-application'),
    codedeployDeploymentGroup: reader.optionalString('codedeploy-deployment-group'),
    deploymentConfig: reader.optionalString('deployment-config'),
    description: reader.optionalString('description'),
    onConflict: reader.oneOf('on-conflict', ON_CONFLICT, 'fail'),
    waitUntil: reader.oneOf('wait-until', WAIT_UNTIL, 'traffic-shifted'),
    timeoutMs: reader.duration('timeout', {
      default: 30 * MINUTE,
      min: 10_000,
      max: 48 * 60 * MINUTE,
    }),
    testUrl: reader.optionalString('test-url'),
    testChecks: [],
    testWindowMs: reader.duration('test-window', { default: 0, min: 0, max: 60 * MINUTE }),
    testCommand: reader.optionalString('test-command'),
    deploymentId: reader.optionalString('deployment-id'),
    autoRollback: reader.boolean('auto-rollback', true),
    tags: reader.keyValues('tags').map(({ key, value }) => ({ key, value })),
    maxAttempts: reader.integer('max-attempts', { min: 1, max: 20 }),
  };
  inputs.migration = readMigrationInputs(reader, inputs.timeoutMs);

  const taskDefinition = reader.optionalString('task-definition');
  if (taskDefinition) {
    if (taskDefinition.startsWith('arn:')) {
      if (TASK_DEFINITION_ARN.test(taskDefinition)) inputs.taskDefinition = { arn: taskDefinition };
      else
        reader.problem(
          `Input "task-definition" is "${taskDefinition}", which is not a task definition ARN with a revision; write arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>, or a file path.`,
        );
    } else {
      const problem = inputPathProblem('task-definition', taskDefinition, 'file');
      if (problem) reader.problem(problem);
      inputs.taskDefinition = { path: taskDefinition };
    }
  } else if (command === 'deploy') {
    reader.problem(
      'Input "task-definition" is required for command deploy; write the rendered file (task-definition: ${{ steps.render.outputs.task-definition }}) or an existing task definition ARN.',
    );
  }

  const headerText = reader.secret('test-header');
  if (headerText) {
    const parsed = parseTestHeader(headerText);
    if ('problem' in parsed) reader.problem(`${parsed.problem}.`);
    else inputs.testHeader = parsed.header;
  }

  const checksText = reader.optionalString('test-checks');
  if (checksText) {
    const parsed = parseTestChecks(checksText);
    for (const p of parsed.problems) reader.problem(`${p}.`);
    // Without test-url the deploy derives it from the group's test listener.
    inputs.testChecks = parsed.checks;
  } else if (inputs.testUrl) {
    inputs.testChecks = DEFAULT_CHECKS;
  }
  if (inputs.testUrl && !/^https?:\/\/[^/\s]+/.test(inputs.testUrl)) {
    reader.problem(
      `Input "test-url" is "${inputs.testUrl}"; write an http:// or https:// URL of the test listener.`,
    );
  }
  if (inputs.deploymentId && !DEPLOYMENT_ID.test(inputs.deploymentId)) {
    reader.problem(
      `Input "deployment-id" is "${inputs.deploymentId}"; write a CodeDeploy deployment id such as d-ABCDEFGHI, or a service deployment ARN (the deployment-id output of an ECS-native deploy).`,
    );
  }
  if (command === 'deploy' && inputs.testHeader && !hasGate(inputs)) {
    reader.problem(
      'Input "test-header" (value hidden: it may hold a secret) is sent only with the gate\'s checks, but no gate is configured; write test-url (or test-checks, test-command), or remove test-header.',
    );
  }
  if (inputs.containerPort !== undefined && !inputs.containerName) {
    reader.problem(
      `Input "container-port" is ${inputs.containerPort} but "container-name" is not set; write both, or neither and let the AppSpec say.`,
    );
  }
  reader.done();
  return inputs;
}

/** The Ready gate runs when a test URL or a test command is given. */
export function hasGate(inputs: Inputs): boolean {
  return inputs.testChecks.length > 0 || inputs.testCommand !== undefined;
}
