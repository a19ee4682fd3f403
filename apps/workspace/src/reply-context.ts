import { createContext, useContext } from 'react';
import type { ReplyVariableValues } from './fill-canned-reply.ts';

/** What the composer's canned-reply picker needs from the open case: its queue and the variables' values. */
export interface CaseReplyContextValue {
  queueId: number;
  variables: ReplyVariableValues;
}

/**
 * Provided around the open case (Workspace.tsx), so the composer's picker reads the case's queue and values
 * without every component between them passing them on.
 */
export const CaseReplyContext = createContext<CaseReplyContextValue | null>(null);

/** The open case's reply context; null outside a case (the picker then lists without a queue and fills no variables). */
export function useCaseReplyContext(): CaseReplyContextValue | null {
  return useContext(CaseReplyContext);
}
