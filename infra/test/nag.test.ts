import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeDeployEngine, ecsEngine, type DeploymentEngine } from '../lib/config.js';
import { synthesizedApp } from './synthesized.js';

type Report = {
  pluginReports: { pluginName: string; conclusion: string; violations: unknown[] }[];
};

/** Every acknowledgment recorded anywhere in the construct tree: id -> reason. */
function acknowledgments(root: IConstruct): [string, string][] {
  return root.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
}

const engines: [string, DeploymentEngine][] = [
  ['CodeDeploy', codeDeployEngine],
  ['ECS-native canary', ecsEngine({ type: 'CANARY', percent: 10, bakeTime: Duration.minutes(5) })],
];

describe.each(engines)('cdk-nag AwsSolutions with the %s engine', (_name, engine) => {
  let app: ReturnType<typeof synthesizedApp>;
  beforeAll(() => {
    app = synthesizedApp(engine);
  });
  afterAll(() => app.dispose());

  it('reports no error and no warning on any stack', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app.app);
    expect(
      report.violations.map((v) => `${v.ruleName}: ${v.violatingResources[0]?.constructPath}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('runs at synth: the validation report is clean and no annotation is left unacknowledged', () => {
    const report = JSON.parse(
      readFileSync(join(app.app.outdir, 'validation-report.json'), 'utf8'),
    ) as Report;
    for (const plugin of report.pluginReports) {
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({
        plugin: plugin.pluginName,
        violations: [],
      });
    }
    for (const stack of [app.registry, app.staging, app.production]) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
  });

  it('every acknowledgment of ours gives a reason', () => {
    const ours = acknowledgments(app.app).filter(([id]) =>
      /AwsSolutions|PlainHttpListener/.test(id),
    );
    expect(ours.length).toBeGreaterThan(10);
    for (const [id, reason] of ours) {
      expect({ id, reason: reason.length >= 40 }).toEqual({ id, reason: true });
    }
  });

  it('acknowledges only specific IAM5 findings, never a whole rule with wildcards', () => {
    const iam5 = acknowledgments(app.app)
      .map(([id]) => id.replace(/^Annotation::/i, ''))
      .filter((id) => id.startsWith('AwsSolutions-IAM5'));
    expect(iam5.length).toBeGreaterThan(0);
    for (const id of iam5) expect(id).toMatch(/^AwsSolutions-IAM5\[Resource::.+\]$/);
  });

  it('can fail: an unacknowledged finding stops the synth (control)', () => {
    const control = new App({ outdir: join(app.app.outdir, 'control') });
    Validations.of(control).addPlugins(new AwsSolutionsChecks(control));
    new s3.Bucket(new Stack(control, 'Control'), 'Bucket');
    expect(() => control.synth()).toThrow(/AwsSolutions-S1/);
  });
});
