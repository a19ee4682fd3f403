import { describe, expect, it } from 'vitest';
import { withMember } from '../src/with-member.ts';

describe('withMember', () => {
  it('adds or removes the item in a copy and leaves the given set alone', () => {
    const ids: ReadonlySet<number> = new Set([1, 2]);
    expect([...withMember(ids, 3, true)]).toEqual([1, 2, 3]);
    expect([...withMember(ids, 1, false)]).toEqual([2]);
    expect([...withMember(ids, 2, true)]).toEqual([1, 2]);
    expect([...withMember(ids, 9, false)]).toEqual([1, 2]);
    expect([...ids]).toEqual([1, 2]);
  });
});
