// The README's "Point your own workflow or scripts at it" snippet, run as written against a
// started emulator with the AWS CLI on this machine (only the port is the test's own).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from './conformance/harness.js';
import { start, type Emulator } from './index.js';

const sh = promisify(execFile);
const README = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

const cliPresent = await sh('aws', ['--version'], { timeout: 30_000 }).then(
  () => true,
  () => false,
);
if (!cliPresent) {
  if (process.env.CI === 'true') {
    throw new Error('CI=true and the AWS CLI is not on PATH: the README snippet test needs `aws`');
  }
  console.warn('skipping the README AWS CLI snippet: `aws` is not on PATH');
}

/** The `sh` block under the heading: `export` lines become the environment, `aws` lines run. */
function readSnippet(markdown: string, heading: string) {
  const section = markdown.slice(markdown.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const env: Record<string, string> = {};
  const commands: string[][] = [];
  for (const line of block.split('\n').map((l) => l.trim())) {
    if (line.startsWith('export ')) {
      for (const pair of line.slice(7).split(/\s+/)) {
        const [key, value] = pair.split('=', 2);
        if (key && value !== undefined) env[key] = value;
      }
    } else if (line.startsWith('aws ')) {
      commands.push(line.split(/\s+/).slice(1));
    }
  }
  return { env, commands };
}

describe.skipIf(!cliPresent)('the README AWS CLI snippet', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await start({ port: 0, seed: DEFAULT_SEED, speed: 0 });
  });
  afterAll(() => emulator.stop());

  it('runs as written: the deployment group and two distinct registries answer', async () => {
    const snippet = readSnippet(README, '## Point your own workflow or scripts at it');
    // Only what the snippet exports, plus PATH/HOME to find the CLI: nothing from this process.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
    };
    for (const [key, value] of Object.entries(snippet.env)) {
      env[key] = value.replace('http://127.0.0.1:4566', emulator.url);
    }
    const answers = new Map<string, any>();
    for (const args of snippet.commands) {
      const { stdout } = await sh('aws', [...args, '--output', 'json'], { env, timeout: 60_000 });
      answers.set(args[0]!, JSON.parse(stdout));
    }
    expect([...answers.keys()]).toEqual(['deploy', 'ecr']);
    expect(answers.get('deploy').deploymentGroupInfo.deploymentGroupName).toBe(
      'DgpECS-staging-web',
    );
    const endpoints = answers.get('ecr').authorizationData.map((d: any) => d.proxyEndpoint);
    expect(endpoints[0]).toBe(emulator.url);
    expect(new Set(endpoints).size).toBe(2);
  });
});
