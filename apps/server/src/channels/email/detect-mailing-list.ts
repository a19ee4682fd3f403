import type { HeaderLines } from 'mailparser';
import { headerValues } from './header-values.ts';

/** RFC 2369/2919 list headers, in the order a reason names them. */
const LIST_HEADERS = [
  'list-id',
  'list-unsubscribe',
  'list-post',
  'list-help',
  'list-subscribe',
  'list-owner',
  'list-archive',
] as const;

const CANONICAL: Record<string, string> = {
  'mailing-list': 'Mailing-List',
  'x-mailing-list': 'X-Mailing-List',
};

function canonicalName(key: string): string {
  return (
    CANONICAL[key] ?? key.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
  );
}

/**
 * Why a received mail came through a mailing list, or `null`: a `List-*` header (RFC 2369, RFC 2919), ezmlm's
 * `Mailing-List:` (old ezmlm writes no `List-*` at all), `X-Mailing-List:` (vger, SmartList), or
 * `Precedence: list`. A list's mail is automatic (never auto-answered) and its customer is the `From`, not the
 * list's `Reply-To`.
 *
 * @example detectMailingList(mail.headerLines) // 'Mailing-List'
 */
export function detectMailingList(headers: HeaderLines): string | null {
  const present = (key: string) => headers.some((header) => header.key === key);
  const list = LIST_HEADERS.find(present);
  if (list !== undefined) return canonicalName(list);
  if (present('mailing-list')) return 'Mailing-List';
  if (present('x-mailing-list')) return 'X-Mailing-List';
  const precedence = (headerValues(headers, 'precedence')[0] ?? '').split(';')[0]?.trim().toLowerCase();
  return precedence === 'list' ? 'Precedence: list' : null;
}
