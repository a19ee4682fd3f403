/** The tabs of the routing administration screen (`#acd/<tab>`), in the order it shows them. */
export const acdTabs = ['skills', 'queues', 'entry-points', 'sla', 'hours', 'operators', 'routing'] as const;
export type AcdTab = (typeof acdTabs)[number];

/**
 * The tab a URL hash asks for; the first one for `#acd` or an unknown tab.
 * @example acdTabFromHash('#acd/operators') // → 'operators'
 */
export function acdTabFromHash(hash: string): AcdTab {
  const name = hash.startsWith('#acd/') ? hash.slice('#acd/'.length) : '';
  return acdTabs.find((tab) => tab === name) ?? 'skills';
}

/** The URL hash of a tab. */
export function acdHash(tab: AcdTab): string {
  return `#acd/${tab}`;
}
