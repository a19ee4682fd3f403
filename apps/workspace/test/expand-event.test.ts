import { describe, expect, it } from 'vitest';
import { expandEvent } from '../src/expand-event.ts';
import type { CaseSummary, Message } from '@frontline/shared';

const c = { id: 7, status: 'queued' } as unknown as CaseSummary;
const m = { id: 1, caseId: 7 } as unknown as Message;

describe('expandEvent', () => {
  it('splits a message.created carrying its case into case.updated then message.created', () => {
    expect(expandEvent({ type: 'message.created', message: m, case: c })).toEqual([
      { type: 'case.updated', case: c },
      { type: 'message.created', message: m },
    ]);
  });
  it('passes other events through', () => {
    expect(expandEvent({ type: 'message.created', message: m })).toEqual([
      { type: 'message.created', message: m },
    ]);
    expect(expandEvent({ type: 'case.updated', case: c })).toEqual([{ type: 'case.updated', case: c }]);
  });
});
