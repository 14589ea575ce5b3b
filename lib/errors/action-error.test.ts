import { describe, expect, it } from 'vitest';
import { ActionError, ActionErrors, isActionError } from './action-error.js';

describe('ActionError', () => {
  it('joins message and hint on one line', () => {
    const error = new ActionError('container "web" not found.', 'Containers are: app, xray.');
    expect(error.line).toBe('container "web" not found. Containers are: app, xray.');
    expect(isActionError(error)).toBe(true);
    expect(isActionError(new Error('x'))).toBe(false);
  });

  it('folds stray newlines so the annotation stays one line', () => {
    expect(new ActionError('a\n  b').line).toBe('a b');
  });

  it('lists several problems, one per line', () => {
    expect(new ActionErrors(['one', 'two']).line).toBe('2 problems:\n- one\n- two');
    expect(new ActionErrors(['only']).line).toBe('only');
  });
});
