import type { CalendarInvitation } from './read-calendar-invitation.ts';

const KINDS: Record<string, string> = {
  REQUEST: 'Invitation',
  PUBLISH: 'Calendar event',
  CANCEL: 'Cancelled',
  REPLY: 'Calendar reply',
  COUNTER: 'New time proposed',
};

/**
 * The one line the server writes into a customer's message for a calendar invitation it carries (the
 * `.ics` itself stays an attachment). The only server-written text of the e-mail channel: kept here so it
 * can become a structured, translated entry in one place.
 *
 * @example invitationSummary({ title: 'Demo', start: '2026-12-03 10:00 UTC', method: 'REQUEST' })
 * // '📅 Invitation: Demo — 2026-12-03 10:00 UTC'
 */
export function invitationSummary(invitation: CalendarInvitation): string {
  const kind = KINDS[invitation.method ?? 'REQUEST'] ?? 'Calendar event';
  const parts = [invitation.title ?? '(no title)', invitation.start].filter((p) => p !== null);
  return `📅 ${kind}: ${parts.join(' — ')}`;
}
