import { z } from 'zod';
import { CaseStatus, MessageDirection } from './domain.ts';

/** What a search looks through: one group, or all three. */
export const SearchKind = z.enum(['customers', 'cases', 'messages', 'all']);
export type SearchKind = z.infer<typeof SearchKind>;

/**
 * `GET /search` query. `q` is checked by the server itself (blank, too long, or nothing searchable in it:
 * 400 `SEARCH_QUERY_INVALID`), so it is only typed here.
 */
export const SearchQuery = z.object({
  q: z.string().max(1000).default(''),
  kind: SearchKind.default('all'),
  /** Results per group. */
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** The longest query the server accepts, in characters. */
export const searchQueryMaxLength = 200;

/** A matched piece of `text`: the characters `[start, end)`. */
export const SearchHighlight = z.object({ start: z.number().int(), end: z.number().int() });
export type SearchHighlight = z.infer<typeof SearchHighlight>;

/** A short text with the matched parts marked (offsets into `text`, never markup). */
export const SearchSnippet = z.object({ text: z.string(), highlights: z.array(SearchHighlight) });
export type SearchSnippet = z.infer<typeof SearchSnippet>;

export const CustomerSearchHit = z.object({
  id: z.number().int(),
  displayName: z.string().nullable(),
  /** Which of the customer's fields matched. */
  matchedField: z.enum(['name', 'phone', 'email', 'externalId']),
  snippet: SearchSnippet,
  /** The customer's newest case the caller may see (what opening the hit shows). */
  caseId: z.number().int(),
});
export type CustomerSearchHit = z.infer<typeof CustomerSearchHit>;

export const CaseSearchHit = z.object({
  id: z.number().int(),
  status: CaseStatus,
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  queueId: z.number().int(),
  snippet: SearchSnippet,
  updatedAt: z.string(),
});
export type CaseSearchHit = z.infer<typeof CaseSearchHit>;

export const MessageSearchHit = z.object({
  id: z.number().int(),
  caseId: z.number().int(),
  customerId: z.number().int(),
  customerName: z.string().nullable(),
  direction: MessageDirection,
  snippet: SearchSnippet,
  createdAt: z.string(),
});
export type MessageSearchHit = z.infer<typeof MessageSearchHit>;

/** How far the message index is behind the messages (SQLite indexes in the background). */
export const SearchIndexState = z.object({
  /** False while messages wait to be indexed: a very new message may not be found yet. */
  fresh: z.boolean(),
  pendingMessages: z.number().int(),
});
export type SearchIndexState = z.infer<typeof SearchIndexState>;

/** Results grouped by kind, each group by relevance then recency; groups not asked for are empty. */
export const SearchResults = z.object({
  customers: z.array(CustomerSearchHit),
  cases: z.array(CaseSearchHit),
  messages: z.array(MessageSearchHit),
  index: SearchIndexState,
});
export type SearchResults = z.infer<typeof SearchResults>;
