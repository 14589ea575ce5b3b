import { describe, expect, it } from 'vitest';
import { fillPlaceholders } from './placeholders.js';

describe('fillPlaceholders', () => {
  it('fills strings anywhere, lists every unfilled name once, keeps $${X} literal', () => {
    const result = fillPlaceholders(
      {
        family: '${FAMILY}',
        containerDefinitions: [
          { image: '${REPO}@${DIGEST}', command: ['sh', '-c', 'echo $${HOME} ${MISSING}'], cpu: 1 },
          { image: '${MISSING}', environment: [{ name: '${KEY}', value: '${OTHER}' }] },
        ],
      },
      { FAMILY: 'web', REPO: 'r', DIGEST: 'sha256:x', KEY: 'K' },
    );
    expect(result.value).toEqual({
      family: 'web',
      containerDefinitions: [
        { image: 'r@sha256:x', command: ['sh', '-c', 'echo ${HOME} ${MISSING}'], cpu: 1 },
        { image: '${MISSING}', environment: [{ name: 'K', value: '${OTHER}' }] },
      ],
    });
    expect(result.missing).toEqual(['MISSING', 'OTHER']);
  });

  it('an empty value counts as set', () => {
    expect(fillPlaceholders('a${E}b', { E: '' })).toEqual({ value: 'ab', missing: [] });
  });
});
