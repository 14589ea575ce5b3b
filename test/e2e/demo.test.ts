import { describe, expect, it } from 'vitest';
import { runDemo } from '../support/run-demo.js';
import { servicesAvailable } from '../support/services.js';

// The README's main command must stay true: the whole release on the emulator, end to end, on
// either engine (`npm run demo` is CodeDeploy; `-- --engine ecs` the service's own blue/green).
// One after the other: both use the same PostgreSQL schema for their tasks.
const postgres = await servicesAvailable('postgres');

function expectTheStory(code: number | null, out: string): void {
  expect(out, out.slice(-3000)).toContain('RESULT: OK');
  expect(code).toBe(0);
  expect(out).toMatch(/good release \(canary \+ gate\):\s+0 \(target 0\)/);
  expect(out).toMatch(/broken release, gate on:\s+0 \(target 0\)/);
  expect(out).toMatch(/failing migration, nothing deployed:\s+0 \(target 0\)/);
  expect(out).toMatch(/left behind: 0/);
}

describe.skipIf(!postgres)('npm run demo', () => {
  it('releases v2 with no failed production request, stops the broken v3, and leaves nothing behind', async () => {
    const { code, out } = await runDemo();
    expectTheStory(code, out);
    expect(out).toContain('engine: CodeDeploy blue/green');
    expect(out).toContain('Ready: running the gate');
  }, 180_000);

  it('-- --engine ecs: the same story on ECS-native blue/green, the gate held at the PAUSE hook', async () => {
    const { code, out } = await runDemo(['--engine', 'ecs']);
    expectTheStory(code, out);
    expect(out).toContain('engine: ECS-native blue/green');
    expect(out).toContain('Held at test traffic: running the gate');
    expect(out).toMatch(/ContinueServiceDeployment\(CONTINUE\) sent/);
    expect(out).toMatch(/ContinueServiceDeployment\(ROLLBACK\) sent/);
    expect(out).toContain('is in ALARM state');
    expect(out).not.toMatch(/codedeploy/i);
  }, 180_000);
});
