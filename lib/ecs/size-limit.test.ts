import { describe, expect, it } from 'vitest';
import { TASK_DEFINITION_LIMIT_BYTES, taskDefinitionSizeProblem } from './size-limit.js';

const withValue = (length: number) => ({
  family: 'web',
  containerDefinitions: [
    { name: 'web', environment: [{ name: 'BIG', value: 'x'.repeat(length) }] },
  ],
});

describe('taskDefinitionSizeProblem', () => {
  it('passes a task definition at the limit and names size and limit over it', () => {
    const base = JSON.stringify(withValue(0)).length;
    expect(
      taskDefinitionSizeProblem(withValue(TASK_DEFINITION_LIMIT_BYTES - base)),
    ).toBeUndefined();
    expect(taskDefinitionSizeProblem(withValue(TASK_DEFINITION_LIMIT_BYTES - base + 1))).toBe(
      `the rendered task definition is ${TASK_DEFINITION_LIMIT_BYTES + 1} bytes, over the ECS limit of 65536 bytes (64 KiB); move large values out of environment (secrets, environmentFiles on S3) or shorten command and docker-labels`,
    );
  });

  it('counts bytes, not characters', () => {
    expect(taskDefinitionSizeProblem(withValue(TASK_DEFINITION_LIMIT_BYTES / 2))).toBeUndefined();
    expect(
      taskDefinitionSizeProblem({
        family: 'é'.repeat(TASK_DEFINITION_LIMIT_BYTES / 2),
        containerDefinitions: [],
      }),
    ).toMatch(/over the ECS limit/);
  });
});
