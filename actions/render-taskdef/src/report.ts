import type { EcsAppSpec } from '../../../lib/codedeploy/appspec.js';
import type { EngineChoice } from '../../../lib/deploy/engine.js';
import type { TaskDefinitionInput } from '../../../lib/ecs/task-definition.js';
import type { ImageCheck } from '../../../lib/ecs/verify-images.js';
import type { Toolkit } from '../../../lib/github/index.js';
import type { VerifyDecision } from './aws-access.js';
import type { LiveDiff } from './checks.js';
import type { WrittenFiles } from './files.js';
import type { Inputs } from './inputs.js';
import type { LiveTaskDefinition } from './starting-point.js';
import { containersOf, renderSummary } from './summary.js';

export interface Rendered {
  td: TaskDefinitionInput;
  appSpec?: EcsAppSpec;
  /** Why no AppSpec was rendered for the service's engine. */
  appSpecNote?: string;
  warnings: string[];
}

export interface Outcome {
  files: WrittenFiles;
  live?: LiveTaskDefinition;
  diff?: LiveDiff;
  /** Undefined when verification did not run. */
  checks?: ImageCheck[];
  verification: VerifyDecision;
  /** The engine of the service read, when one was. */
  engine?: EngineChoice;
}

/** The step's outputs and its job summary. */
export async function report(
  toolkit: Toolkit,
  inputs: Inputs,
  { td, appSpec, appSpecNote, warnings }: Rendered,
  { files, live, diff, checks, verification, engine }: Outcome,
): Promise<void> {
  const containers = containersOf(td);
  toolkit.setOutput('task-definition', files.taskDefinition);
  toolkit.setOutput('appspec', files.appSpec);
  toolkit.setOutput('family', td.family ?? '');
  toolkit.setOutput('containers', containers);
  toolkit.setOutput('images', Object.fromEntries(containers.map((c) => [c.name, c.image])));
  toolkit.setOutput('changed', diff ? diff.changed : true);
  toolkit.setOutput('engine', engine?.engine ?? '');
  await toolkit.appendSummary(
    renderSummary({
      td,
      source: live && inputs.source.kind !== 'file' ? live.label : sourceLabel(inputs),
      appSpec,
      appSpecNote,
      warnings,
      checks,
      verifyNote: checks ? undefined : verification.reason,
      diff,
    }),
  );
}

function sourceLabel(inputs: Inputs): string {
  return inputs.source.kind === 'file' ? inputs.source.path : `${inputs.source.kind}:…`;
}
