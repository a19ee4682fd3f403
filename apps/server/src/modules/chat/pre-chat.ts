import type { PreChatField, PreChatProblem, PreChatRequest, PreChatResponse } from '@frontline/shared';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../lib/errors.ts';
import { normalizePhone, type PhoneRegion } from '../../lib/normalize-phone.ts';
import type { Database } from '../../store/schema.ts';

/** `entry_points.pre_chat_fields` as stored: `required` may be left out (optional field). */
const StoredFields = z.array(
  z.object({ key: z.enum(['name', 'phone', 'email']), required: z.boolean().optional() }),
);

/**
 * The pre-chat form of an entry point from its stored JSON; none when null or not a valid field list (an
 * entry point must never break the chat). A key listed twice counts once.
 * @example parsePreChatFields('[{"key":"phone","required":true},{"key":"name"}]') // [{key:'phone',required:true},{key:'name',required:false}]
 */
export function parsePreChatFields(json: string | null): PreChatField[] {
  if (json === null) return [];
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  const parsed = StoredFields.safeParse(data);
  if (!parsed.success) return [];
  const fields: PreChatField[] = [];
  for (const f of parsed.data)
    if (!fields.some((x) => x.key === f.key)) fields.push({ key: f.key, required: f.required ?? false });
  return fields;
}

/**
 * What the form still has to ask this visitor: the entry point's fields, without a phone or e-mail their
 * customer has attested already (a signed identity that carries the phone is not asked for it again) and
 * without the name when a signed identity carries one; no field left, no form;
 * `answered` when the visitor has sent the form on this entry point.
 */
export async function preChatState(
  db: Kysely<Database>,
  visitor: { identityId: number; entryPointId: number },
): Promise<{ configured: boolean; answered: boolean; fields: PreChatField[] }> {
  const entry = await db
    .selectFrom('entry_points')
    .select('pre_chat_fields')
    .where('id', '=', visitor.entryPointId)
    .executeTakeFirst();
  const all = parsePreChatFields(entry?.pre_chat_fields ?? null);
  if (all.length === 0) return { configured: false, answered: false, fields: [] };
  const answered = await db
    .selectFrom('pre_chat_answers')
    .select('identity_id')
    .where('identity_id', '=', visitor.identityId)
    .where('entry_point_id', '=', visitor.entryPointId)
    .executeTakeFirst();
  const attested = await db
    .selectFrom('contact_points')
    .innerJoin('identities', 'identities.customer_id', 'contact_points.customer_id')
    .select('contact_points.kind')
    .where('identities.id', '=', visitor.identityId)
    .where('contact_points.attested_by', 'is not', null)
    .execute();
  // A name the host's backend signed is known too (the identity is verified and named).
  const identity = await db
    .selectFrom('identities')
    .select(['verified_by', 'display_name'])
    .where('id', '=', visitor.identityId)
    .executeTakeFirst();
  const signedName = identity?.verified_by != null && identity.display_name !== null;
  const fields = all.filter((f) =>
    f.key === 'name' ? !signedName : !attested.some((a) => a.kind === f.key),
  );
  return { configured: true, answered: answered !== undefined, fields };
}

const maxName = 200;
const maxEmail = 320;
/** The same e-mail syntax as every other e-mail the API takes (zod's). */
const emailSyntax = z.email();

/**
 * The answers checked against `fields`: the phone read in `region` (E.164, `normalizePhone`), the e-mail's
 * syntax, required fields present, no field the form does not ask. 400 `PRE_CHAT_INVALID` with one
 * `{field, problem}` per refused field.
 */
export function validatePreChat(
  fields: PreChatField[],
  req: PreChatRequest,
  region: PhoneRegion,
): PreChatResponse {
  const problems: PreChatProblem[] = [];
  const out: PreChatResponse = { name: null, phone: null, email: null };
  for (const key of ['name', 'phone', 'email'] as const) {
    const value = req[key]?.trim() ?? '';
    const field = fields.find((f) => f.key === key);
    if (!field) {
      if (value !== '') problems.push({ field: key, problem: 'unexpected' });
      continue;
    }
    if (value === '') {
      if (field.required) problems.push({ field: key, problem: 'required' });
      continue;
    }
    if (key === 'name') {
      if (value.length > maxName) problems.push({ field: key, problem: 'too_long' });
      else out.name = value;
    } else if (key === 'phone') {
      const phone = value.length > 64 ? null : normalizePhone(value, { region });
      if (phone === null) problems.push({ field: key, problem: 'invalid' });
      else out.phone = phone;
    } else {
      const email = value.toLowerCase();
      if (email.length > maxEmail) problems.push({ field: key, problem: 'too_long' });
      else if (!emailSyntax.safeParse(email).success) problems.push({ field: key, problem: 'invalid' });
      else out.email = email;
    }
  }
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.field}: ${p.problem}`).join(', ');
    throw new AppError('PRE_CHAT_INVALID', `the pre-chat form has problems (${list})`, {
      details: problems,
    });
  }
  return out;
}
