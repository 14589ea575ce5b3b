import { describe, expect, it } from 'vitest';
import { containerProblems, type ContainerReport } from './artifact.js';

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const report: ContainerReport = {
  built: `127.0.0.1:41565/web@${DIGEST}`,
  deployed: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST}`,
  started: 8,
  images: [`127.0.0.1:5000/web@${DIGEST}`],
  leftBehind: 0,
};

describe('containerProblems', () => {
  it('accepts every task a container of the deployed digest, none left', () => {
    expect(containerProblems(report, 8)).toEqual([]);
  });

  it('names another image, too few containers and containers left behind', () => {
    const other = `127.0.0.1:5000/web@sha256:${'ef'.repeat(32)}`;
    expect(
      containerProblems(
        { ...report, images: [...report.images, other], started: 5, leftBehind: 2 },
        8,
      ),
    ).toEqual([
      `tasks ran other images than 127.0.0.1:5000/web@${DIGEST}: ${other}`,
      'only 5 containers started (at least 8 expected)',
      'containers left behind: 2',
    ]);
  });
});
