import { afterEach, describe, expect, it } from 'vitest';
import { SERVICES, servicesAvailable } from './services.js';

describe('servicesAvailable', () => {
  const saved = process.env.CI;
  const savedProbe = SERVICES.registry.probe;
  afterEach(() => {
    process.env.CI = saved;
    (SERVICES.registry as { probe: () => Promise<boolean> }).probe = savedProbe;
  });

  it('fails in CI when a service is down, and skips with a reason elsewhere', async () => {
    (SERVICES.registry as { probe: () => Promise<boolean> }).probe = async () => false;
    process.env.CI = 'true';
    await expect(servicesAvailable('registry')).rejects.toThrow(
      'CI=true and these services are not running: registry: run `sudo bash scripts/services.sh`',
    );
    process.env.CI = 'false';
    await expect(servicesAvailable('registry')).resolves.toBe(false);
  });
});
