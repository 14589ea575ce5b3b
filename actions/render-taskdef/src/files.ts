import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { ActionError } from '../../../lib/errors/action-error.js';
import { pathErrorLine } from '../../../lib/paths/input-path.js';
import type { EcsAppSpec } from '../../../lib/codedeploy/appspec.js';
import type { TaskDefinitionInput } from '../../../lib/ecs/task-definition.js';

export interface WrittenFiles {
  taskDefinition: string;
  /** Empty when no AppSpec was rendered. */
  appSpec: string;
}

/** Writes task-definition.json and appspec.yaml (what bluegreen-deploy reads beside it) in `dir`. */
export async function writeRendered(
  dir: string,
  td: TaskDefinitionInput,
  appSpec: EcsAppSpec | undefined,
): Promise<WrittenFiles> {
  const taskDefinition = join(dir, 'task-definition.json');
  const appSpecPath = appSpec ? join(dir, 'appspec.yaml') : '';
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(taskDefinition, `${JSON.stringify(td, null, 2)}\n`);
    if (appSpec) await writeFile(appSpecPath, toYaml(appSpec));
  } catch (error) {
    // Checked when read; this catches what changed since (or the $RUNNER_TEMP default).
    throw new ActionError(pathErrorLine('output-dir', dir, error, 'output-directory'));
  }
  return { taskDefinition, appSpec: appSpecPath };
}
