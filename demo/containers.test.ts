import { describe, expect, it } from 'vitest';
import { ecrImageReference } from './containers.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('ecrImageReference', () => {
  it('names the pushed digest under the ECR host a task definition uses on AWS', () => {
    expect(ecrImageReference(`127.0.0.1:41565/web@${DIGEST}`, '123456789012', 'us-east-1')).toBe(
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/web@${DIGEST}`,
    );
    expect(
      ecrImageReference(`127.0.0.1:41565/team/web:main@${DIGEST}`, '123456789012', 'eu-west-2'),
    ).toBe(`123456789012.dkr.ecr.eu-west-2.amazonaws.com/team/web@${DIGEST}`);
  });

  it('refuses an image that is not pinned by digest', () => {
    expect(() =>
      ecrImageReference('127.0.0.1:41565/web:main', '123456789012', 'us-east-1'),
    ).toThrow('build-push output "127.0.0.1:41565/web:main" is not an image pinned by digest');
  });
});
