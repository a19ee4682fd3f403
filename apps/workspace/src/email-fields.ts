import { z } from 'zod';

/** What the composer's e-mail fields hold (as typed). */
export interface EmailDraft {
  subject: string;
  cc: string;
}

export const emptyEmailDraft: EmailDraft = { subject: '', cc: '' };

/**
 * The e-mail fields of a reply as the API takes them (`email` of the send request): an empty subject is
 * the default `Re:`; CC is split on commas, semicolons and spaces. `invalid`: the first address that is not one.
 */
export function emailFieldsOf(draft: EmailDraft): {
  email?: { subject?: string; cc?: string[] };
  invalid: string | null;
} {
  const subject = draft.subject.trim();
  const cc = draft.cc
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const invalid = cc.find((a) => !z.email().safeParse(a).success) ?? null;
  if (subject === '' && cc.length === 0) return { invalid };
  return {
    email: { ...(subject ? { subject } : {}), ...(cc.length > 0 ? { cc } : {}) },
    invalid,
  };
}
