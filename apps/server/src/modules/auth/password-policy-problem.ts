/** The shortest password accepted for a new or changed password. */
export const minPasswordLength = 10;

let common: Promise<ReadonlySet<string>> | undefined;

/**
 * The list of common passwords (about 49,000, from the maintained `@zxcvbn-ts/language-common` package),
 * loaded on first use so that starting the server does not pay for it.
 */
function commonPasswords(): Promise<ReadonlySet<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())),
  );
  return common;
}

/** The forms of a password that are looked up in the list: as typed, without separators, without a tail. */
function variants(password: string): string[] {
  const lower = password.toLowerCase();
  const compact = lower.replace(/[\s._\-+*!@#$%^&()=~,;:?'"/\\|]+/g, '');
  // "password2026!", "sunshine-123": a common word with digits or symbols added at the end.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  return [lower, compact, ...(stem.length >= 4 ? [stem] : [])];
}

/**
 * Why `password` may not be used as a new or changed password, or null when it is acceptable:
 * at least {@link minPasswordLength} characters, not a common password (also with separators or a
 * number added), not the account's e-mail, not one character repeated.
 * @example
 * await passwordPolicyProblem('password-123') // → 'it is a common password …'
 */
export async function passwordPolicyProblem(
  password: string,
  account: { email?: string } = {},
): Promise<string | null> {
  const length = [...password].length;
  if (length < minPasswordLength)
    return `it has ${length} characters; use at least ${minPasswordLength} (a few words make a good one)`;
  if (new Set(password.toLowerCase()).size < 3)
    return 'it repeats one or two characters; use a few unrelated words instead';
  const email = account.email?.toLowerCase();
  const lower = password.toLowerCase();
  if (email && (lower === email || lower === email.split('@')[0]))
    return 'it is the account’s e-mail address; choose something else';
  const list = await commonPasswords();
  if (variants(password).some((v) => list.has(v)))
    return 'it is a common password (or one with a number or symbol added) that attackers try first; choose a less predictable one';
  return null;
}
