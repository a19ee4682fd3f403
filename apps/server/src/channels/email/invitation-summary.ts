import type { MessageNotice } from '@frontline/shared';
import { noticeLine } from '../notice-line.ts';
import type { CalendarInvitation } from './read-calendar-invitation.ts';

/**
 * The one line the server writes into a customer's message for a calendar invitation it carries (the
 * `.ics` itself stays an attachment): records a `calendar_invitation` notice in `notices` (rendered in the
 * operator's language) and returns its English line for the message's text.
 *
 * @example invitationSummary({ title: 'Demo', start: '2026-12-03 10:00 UTC', method: 'REQUEST' }, notices)
 * // '📅 Invitation: Demo — 2026-12-03 10:00 UTC'
 */
export function invitationSummary(invitation: CalendarInvitation, notices: MessageNotice[] = []): string {
  const { title, start, method } = invitation;
  return noticeLine(notices, { code: 'calendar_invitation', method, title, start });
}
