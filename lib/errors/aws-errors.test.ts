import { AccessDeniedException, ServerException } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { ActionError } from './action-error.js';
import { awsFailure, isTransient } from './aws-errors.js';

const meta = (httpStatusCode: number, attempts = 1) => ({
  httpStatusCode,
  attempts,
  totalRetryDelay: 0,
});
const lineOf = (error: unknown) => (awsFailure(error) as ActionError).line;

describe('awsFailure', () => {
  it('a refused call: one line with the service message', () => {
    const denied = new AccessDeniedException({
      message:
        'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecr:BatchGetImage',
      $metadata: meta(400),
    });
    expect(lineOf(denied)).toBe(
      'AWS refused the call: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecr:BatchGetImage.',
    );
  });

  it('a call that kept failing after the retries says so and what to do', () => {
    const failing = new ServerException({ message: 'Internal error', $metadata: meta(500, 5) });
    expect(isTransient(failing)).toBe(true);
    expect(lineOf(failing)).toMatch(
      /^AWS kept failing: ServerException: Internal error \(after 5 attempts\)\. Re-run the job/,
    );
  });

  it('no credentials at all names the step to add', () => {
    const none = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(lineOf(none)).toBe(
      'No AWS credentials: Could not load credentials from any providers. Add aws-actions/configure-aws-credentials (role-to-assume, with permissions id-token: write) before this step.',
    );
  });

  it.each(['UnrecognizedClientException', 'ExpiredTokenException', 'InvalidSignatureException'])(
    'rejected credentials (%s) point at the role and its session',
    (name) => {
      const rejected = Object.assign(
        new Error('The security token included in the request is invalid.'),
        {
          name,
          $metadata: meta(400),
        },
      );
      expect(lineOf(rejected)).toMatch(
        /^AWS rejected the credentials: .*role-duration-seconds\)\.$/,
      );
    },
  );

  it('leaves everything else alone: an ActionError, and a bug', () => {
    const expected = new ActionError('bad input');
    const bug = new TypeError('x is undefined');
    expect(awsFailure(expected)).toBe(expected);
    expect(awsFailure(bug)).toBe(bug);
  });
});
