import { describe, expect, it } from 'vitest';
import { environments } from '../../infra/lib/config.js';
import { condition, evaluate, render } from './expressions.js';
import { READY_WAIT, gateOnlyWhereTheGroupWaits } from './gate-rules.js';
import { parseWorkflow } from './workflow-model.js';

describe("expressions (GitHub's evaluator, offline)", () => {
  it.each([
    ["inputs.environment == 'production'", { environment: 'production' }, 'true'],
    ["inputs.environment == 'PRODUCTION'", { environment: 'production' }, 'true'],
    ["inputs.environment != 'production'", { environment: 'staging' }, 'true'],
    [
      "inputs.action == 'redeploy' && inputs.environment == 'staging'",
      { action: 'redeploy', environment: 'production' },
      'false',
    ],
    ["!(inputs.environment == 'staging')", { environment: 'staging' }, 'false'],
    ["'it''s'", {}, "it's"],
    ["format('{0}-{1}', inputs.e, 1)", { e: 'x' }, 'x-1'],
    ['always() && !cancelled() && success() && !failure()', {}, 'true'],
  ] as const)('%s with %j is %s', (expression, inputs, expected) => {
    expect(evaluate(expression, inputs).coerceString()).toBe(expected);
  });

  it('shows which variable a value reads, taken as set', () => {
    expect(render("${{ vars.RUNNER || 'ubuntu-24.04' }}", {})).toBe('<vars.RUNNER>');
    expect(render('${{ needs.build.outputs.color }}', {})).toBe('<needs.build.outputs.color>');
    expect(render('${{ inputs.image-digest }}', {})).toBe('<inputs.image-digest>');
    expect(render("${{ inputs.e == 'p' && vars.URL || '' }}", { e: 'p' })).toBe('<vars.URL>');
    expect(render("${{ inputs.e == 'p' && vars.URL || '' }}", { e: 's' })).toBe('');
  });

  it('renders false as GitHub does, as the text "false"', () => {
    expect(render("x=${{ inputs.e == 'p' && 'y' }}", { e: 's' })).toBe('x=false');
  });

  it('reads a job condition bare or wrapped', () => {
    expect(condition("${{ inputs.a == 'b' }}", { a: 'c' })).toBe(false);
    expect(condition("inputs.a == 'b'", { a: 'b' })).toBe(true);
    expect(condition(undefined, {})).toBe(true);
  });
});

describe('gateOnlyWhereTheGroupWaits', () => {
  it("knows which groups wait in Ready as infra's config says", () => {
    const fromInfra = Object.fromEntries(
      Object.entries(environments).map(([name, c]) => [name, c.deployment.readyWait !== undefined]),
    );
    expect(READY_WAIT).toEqual(fromInfra);
  });

  const dispatched = (job: string) =>
    parseWorkflow(
      'x.yml',
      `on:
  workflow_dispatch:
    inputs:
      environment: { type: choice, options: [staging, production] }
      action: { type: choice, options: [deploy, other] }
jobs:
${job}`,
    );

  it('refuses gate inputs in an environment whose group does not wait, and a runner that cannot reach the listener', () => {
    const w = dispatched(`  redeploy:
    runs-on: ubuntu-24.04
    environment: \${{ inputs.environment }}
    steps:
      - uses: ./actions/bluegreen-deploy
        with:
          test-url: \${{ vars.TEST_LISTENER_URL }}
`);
    expect(gateOnlyWhereTheGroupWaits(w)).toEqual([
      "x.yml redeploy (environment staging): bluegreen-deploy gets test-url, but staging's deployment group does not wait in Ready, so the deploy is refused before it starts; pass them only where the group waits",
      `x.yml redeploy (environment production): runs the gate on "ubuntu-24.04", which cannot reach the test listener; use \${{ vars.PRODUCTION_RUNNER || 'ubuntu-24.04' }} as deploy.yml does`,
    ]);
  });

  it('accepts gate inputs chosen per environment, and skips jobs that cannot run there', () => {
    const w = dispatched(`  redeploy:
    if: inputs.action == 'deploy'
    runs-on: \${{ inputs.environment == 'production' && vars.PRODUCTION_RUNNER || 'ubuntu-24.04' }}
    environment: \${{ inputs.environment }}
    steps:
      - uses: ./actions/bluegreen-deploy
        with:
          test-checks: |
            \${{ inputs.environment == 'production' && 'GET /healthz 200' || '' }}
  staging-only:
    if: inputs.environment == 'staging'
    runs-on: ubuntu-24.04
    environment: \${{ inputs.environment }}
    steps:
      - uses: ./actions/bluegreen-deploy
`);
    expect(gateOnlyWhereTheGroupWaits(w)).toEqual([]);
  });

  it('sees a gate that renders "false", and a production deploy without a gate', () => {
    const w = dispatched(`  redeploy:
    runs-on: \${{ inputs.environment == 'production' && vars.PRODUCTION_RUNNER || 'ubuntu-24.04' }}
    environment: \${{ inputs.environment }}
    steps:
      - uses: ./actions/bluegreen-deploy
        with:
          test-url: \${{ inputs.environment == 'production' && vars.URL }}
  ungated:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - uses: ./actions/bluegreen-deploy
`);
    expect(gateOnlyWhereTheGroupWaits(w)).toEqual([
      "x.yml redeploy (environment staging): bluegreen-deploy gets test-url, but staging's deployment group does not wait in Ready, so the deploy is refused before it starts; pass them only where the group waits",
      'x.yml ungated (environment production): deploys without the test-listener gate (test-checks)',
    ]);
  });
});
