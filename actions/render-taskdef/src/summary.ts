import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import type { EcsAppSpec } from '../../../lib/codedeploy/appspec.js';
import { appSpecTarget } from '../../../lib/codedeploy/appspec.js';
import type { TaskDefinitionDiff } from '../../../lib/ecs/diff.js';
import type { ImageCheck } from '../../../lib/ecs/verify-images.js';
import { markdown } from '../../../lib/github/index.js';

export interface ContainerOutput {
  name: string;
  image: string;
  essential: boolean;
  ports: number[];
}

export function containersOf(td: RegisterTaskDefinitionCommandInput): ContainerOutput[] {
  return (td.containerDefinitions ?? []).map((c) => ({
    name: c.name ?? '',
    image: c.image ?? '',
    essential: c.essential !== false,
    ports: (c.portMappings ?? [])
      .map((m) => m.containerPort)
      .filter((p): p is number => p !== undefined),
  }));
}

export interface SummaryFacts {
  td: RegisterTaskDefinitionCommandInput;
  source: string;
  appSpec?: EcsAppSpec;
  appSpecNote?: string;
  warnings: string[];
  checks?: ImageCheck[];
  verifyNote?: string;
  diff?: TaskDefinitionDiff & { against: string };
}

/** The job summary: what will be registered, what was checked, and what changes. */
export function renderSummary(facts: SummaryFacts): string {
  const { td } = facts;
  let out = markdown.heading(`render-taskdef: ${td.family ?? '?'}`);
  out += `From \`${facts.source}\`${td.requiresCompatibilities?.length ? `, ${td.requiresCompatibilities.join('/')}` : ''}${td.cpu ? `, cpu ${td.cpu}` : ''}${td.memory ? `, memory ${td.memory}` : ''}.\n\n`;
  out += markdown.table(
    ['container', 'image', 'essential', 'ports'],
    containersOf(td).map((c) => [c.name, c.image, c.essential ? 'yes' : 'no', c.ports.join(', ')]),
  );
  if (facts.appSpec) {
    const target = appSpecTarget(facts.appSpec);
    out += `\nAppSpec: load balancer → \`${target.containerName}:${target.containerPort}\`, TaskDefinition \`${target.taskDefinition}\`.\n`;
  } else if (facts.appSpecNote) {
    out += `\n${facts.appSpecNote}\n`;
  }
  if (facts.warnings.length) {
    out += `\n${markdown.heading('Warnings', 3)}${facts.warnings.map((w) => `- ${w}`).join('\n')}\n`;
  }
  if (facts.checks?.length) {
    out += `\n${markdown.heading('Image verification', 3)}`;
    out += markdown.table(
      ['container', 'image', 'result', 'detail'],
      facts.checks.map((c) => [c.container, c.image, c.result, c.detail]),
    );
  } else if (facts.verifyNote) {
    out += `\n${facts.verifyNote}\n`;
  }
  if (facts.diff) {
    const d = facts.diff;
    out += `\n${markdown.heading(`Diff against ${d.against}`, 3)}`;
    out += d.changed
      ? markdown.details(
          `${d.added} added, ${d.removed} removed lines`,
          markdown.code(d.patch).replace(/^```/, '```diff'),
        )
      : 'No change: the rendered task definition matches what is live.\n';
  }
  return out;
}
