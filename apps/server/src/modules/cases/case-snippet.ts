import type { StoredAttachment } from '../views.ts';

/** The inbox preview of a message: its text (at most 200 characters) or its first attachment's name. */
export function caseSnippet(text: string, attachments: StoredAttachment[]): string {
  const t = text.trim();
  if (t.length > 0) return t.length > 200 ? `${t.slice(0, 199)}…` : t;
  return attachments.length > 0 ? `📎 ${attachments[0]?.filename ?? ''}` : '';
}
