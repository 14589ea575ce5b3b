import { describe, expect, it } from 'vitest';
import { runDemo } from '../support/run-demo.js';
import { servicesAvailable } from '../support/services.js';

// The README's main command must stay true: the whole release on the emulator, end to end.
const postgres = await servicesAvailable('postgres');

describe.skipIf(!postgres)('npm run demo', () => {
  it('releases v2 with no failed production request, stops the broken v3, and leaves nothing behind', async () => {
    const { code, out } = await runDemo();
    expect(out, out.slice(-3000)).toContain('RESULT: OK');
    expect(code).toBe(0);
    expect(out).toMatch(/good release \(canary \+ gate\):\s+0 \(target 0\)/);
    expect(out).toMatch(/broken release, gate on:\s+0 \(target 0\)/);
    expect(out).toMatch(/left behind: 0/);
  }, 180_000);
});
