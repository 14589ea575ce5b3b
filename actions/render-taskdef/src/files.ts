import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
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
  await mkdir(dir, { recursive: true });
  const taskDefinition = join(dir, 'task-definition.json');
  await writeFile(taskDefinition, `${JSON.stringify(td, null, 2)}\n`);
  const appSpecPath = appSpec ? join(dir, 'appspec.yaml') : '';
  if (appSpec) await writeFile(appSpecPath, toYaml(appSpec));
  return { taskDefinition, appSpec: appSpecPath };
}
