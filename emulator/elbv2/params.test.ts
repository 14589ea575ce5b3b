import { describe, expect, it } from 'vitest';
import { present, struct, structList } from './params.js';

describe('awsQuery nested parameters', () => {
  const params = {
    'Actions.member.2.Type': 'fixed-response',
    'Actions.member.1.Type': 'forward',
    'Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight': '10',
    'Actions.member.10.Type': 'forward',
    Conditions: '',
  };

  it('structList groups members by index in numeric order', () => {
    expect(structList(params, 'Actions').map((a) => a.Type)).toEqual([
      'forward',
      'fixed-response',
      'forward',
    ]);
  });

  it('struct strips the prefix', () => {
    expect(struct(params, 'Actions.member.1.ForwardConfig')).toEqual({
      'TargetGroups.member.1.Weight': '10',
    });
  });

  it('present sees an empty list (sent as `Name=`) and absent members', () => {
    expect(present(params, 'Conditions')).toBe(true);
    expect(present(params, 'Actions')).toBe(true);
    expect(present(params, 'Tags')).toBe(false);
  });
});
