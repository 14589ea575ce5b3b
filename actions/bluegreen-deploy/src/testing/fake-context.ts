import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { FakeGroup } from '../../../../lib/codedeploy/testing/fake-codedeploy.js';
import type { RunContext } from '../../../../lib/github/run-context.js';
import { InputReader } from '../../../../lib/github/index.js';
import type { CommandContext } from '../context.js';
import { readInputs } from '../inputs.js';

/**
 * For the command tests: a CommandContext over a FakeGroup that records the log and every
 * remembered deployment, and the inputs parsed as the action parses them (cluster staging,
 * service web unless given).
 */
export function fakeCommand(
  group: FakeGroup,
  inputs: Record<string, string>,
  options: { signal?: AbortSignal; run?: Partial<RunContext> } = {},
) {
  const log: string[] = [];
  const remembered: string[] = [];
  const ctx: CommandContext = {
    clients: {
      region: 'us-east-1',
      codedeploy: group.codedeploy as unknown as CodeDeployClient,
      ecs: group.ecs as unknown as ECSClient,
    },
    clock: group.clock,
    log: (l) => log.push(l),
    debug: () => {},
    signal: options.signal ?? new AbortController().signal,
    run: { serverUrl: 'https://github.com', workspace: '.', authored: {}, ...options.run },
    env: process.env,
    rememberDeployment: (id) => remembered.push(id),
  };
  const all: Record<string, string> = { cluster: 'staging', service: 'web', ...inputs };
  const reader = new InputReader((name) => all[name] ?? '');
  const parsed = readInputs(reader);
  return { ctx, inputs: parsed, log, remembered };
}
