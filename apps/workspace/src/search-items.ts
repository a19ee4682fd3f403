import type { SearchResults, SearchSnippet } from '@frontline/shared';

/** One row of the search drop-down: what it shows and which case opening it shows. */
export interface SearchItem {
  key: string;
  group: 'customers' | 'cases' | 'messages';
  caseId: number;
  title: string | null;
  customerId: number;
  snippet: SearchSnippet;
}

/** The results as the rows of the drop-down, group by group, in the order the arrow keys walk them. */
export function searchItems(results: SearchResults): SearchItem[] {
  return [
    ...results.customers.map((c) => ({
      key: `customer-${c.id}`,
      group: 'customers' as const,
      caseId: c.caseId,
      title: c.displayName,
      customerId: c.id,
      snippet: c.snippet,
    })),
    ...results.cases.map((c) => ({
      key: `case-${c.id}`,
      group: 'cases' as const,
      caseId: c.id,
      title: c.customerName,
      customerId: c.customerId,
      snippet: c.snippet,
    })),
    ...results.messages.map((m) => ({
      key: `message-${m.id}`,
      group: 'messages' as const,
      caseId: m.caseId,
      title: m.customerName,
      customerId: m.customerId,
      snippet: m.snippet,
    })),
  ];
}

/** The snippet as plain and marked parts, in order (highlights sorted, overlaps ignored). */
export function snippetParts(snippet: SearchSnippet): Array<{ text: string; marked: boolean }> {
  const parts: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const h of [...snippet.highlights].sort((a, b) => a.start - b.start)) {
    if (h.start < at || h.end <= h.start) continue;
    if (h.start > at) parts.push({ text: snippet.text.slice(at, h.start), marked: false });
    parts.push({ text: snippet.text.slice(h.start, h.end), marked: true });
    at = h.end;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), marked: false });
  return parts;
}
