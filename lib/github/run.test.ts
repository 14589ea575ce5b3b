import { describe, expect, it } from 'vitest';
import { ActionError } from '../errors/action-error.js';
import { RecordingToolkit } from './testing/recording-toolkit.js';
import { run } from './run.js';

describe('run', () => {
  it('reports an expected failure as one line without a stack', async () => {
    const toolkit = new RecordingToolkit();
    await run(
      async () => {
        throw new ActionError('service "api" is not ACTIVE.', 'Create it first.');
      },
      { toolkit },
    );
    expect(toolkit.failed).toBe('service "api" is not ACTIVE. Create it first.');
  });

  it('reports an AWS call that was refused as one line, not a bug', async () => {
    const toolkit = new RecordingToolkit();
    await run(
      async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        });
      },
      { toolkit },
    );
    expect(toolkit.failed).toMatch(/^No AWS credentials: Could not load credentials/);
    expect(toolkit.failed).not.toContain('\n');
  });

  it('keeps the stack of an unexpected error', async () => {
    const toolkit = new RecordingToolkit();
    await run(
      async () => {
        throw new TypeError('boom');
      },
      { toolkit },
    );
    expect(toolkit.failed).toMatch(/^TypeError: boom\n\s+at /);
  });

  it('runs main first and marks the state so the post step knows it is the post step', async () => {
    const toolkit = new RecordingToolkit();
    const calls: string[] = [];
    await run(async () => void calls.push('main'), {
      toolkit,
      post: async () => void calls.push('post'),
    });
    expect(calls).toEqual(['main']);
    expect(toolkit.state.isPost).toBe('true');

    const post = new RecordingToolkit({}, true);
    await run(async () => void calls.push('main'), {
      toolkit: post,
      post: async () => void calls.push('post'),
    });
    expect(calls).toEqual(['main', 'post']);
  });
});
