import { useState } from 'preact/hooks';
import { ChatError, type ChatClient, type PreChatField } from '@frontline/sdk';
import type { Strings } from './strings.ts';

type Key = PreChatField['key'];

const inputs = {
  name: { autocomplete: 'name', label: 'preChatName' },
  phone: { autocomplete: 'tel', label: 'preChatPhone' },
  email: { autocomplete: 'email', label: 'preChatEmail' },
} as const satisfies Record<Key, { autocomplete: string; label: keyof Strings }>;

/** `PRE_CHAT_INVALID` details → the text to show under each field. */
function fieldErrors(details: unknown, t: Strings): Partial<Record<Key, string>> {
  const out: Partial<Record<Key, string>> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as Array<{ field?: unknown; problem?: unknown }>) {
    if (d.field !== 'name' && d.field !== 'phone' && d.field !== 'email') continue;
    out[d.field] =
      d.problem === 'required'
        ? t.preChatRequired
        : d.problem === 'too_long'
          ? t.preChatTooLong
          : d.field === 'email'
            ? t.preChatEmailInvalid
            : d.field === 'phone'
              ? t.preChatPhoneInvalid
              : t.preChatFailed;
  }
  return out;
}

/**
 * The entry point's pre-chat form (docs/chat-protocol.md): labelled fields, shown before the first message;
 * the server checks the answers and its `PRE_CHAT_INVALID` details are shown under each field.
 */
export function PreChatForm(props: {
  client: ChatClient;
  fields: PreChatField[];
  strings: Strings;
  onDone: () => void;
}) {
  const { client, strings: t } = props;
  const [values, setValues] = useState<Partial<Record<Key, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = (e: Event): void => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailed(false);
    client.submitPreChat(values).then(
      () => props.onDone(),
      (err: unknown) => {
        setBusy(false);
        const code = err instanceof ChatError ? err.code : '';
        if (code === 'PRE_CHAT_ALREADY_ANSWERED' || code === 'PRE_CHAT_NOT_EXPECTED') return props.onDone();
        if (code === 'PRE_CHAT_INVALID' && err instanceof ChatError)
          return setErrors(fieldErrors(err.details, t));
        setFailed(true);
      },
    );
  };

  return (
    <form class="prechat" data-testid="fl-prechat" noValidate onSubmit={submit}>
      <p>{t.preChatIntro}</p>
      {props.fields.map((f) => {
        const spec = inputs[f.key];
        const id = `fl-prechat-${f.key}`;
        const error = errors[f.key];
        const common = {
          id,
          name: f.key,
          'data-testid': id,
          autocomplete: spec.autocomplete,
          required: f.required,
          'aria-required': f.required,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
          value: values[f.key] ?? '',
          onInput: (e: Event) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            setValues((v) => ({ ...v, [f.key]: value }));
          },
        };
        return (
          <div class="field" key={f.key}>
            <label for={id}>
              {t[spec.label]} {!f.required && <span class="opt">{t.preChatOptional}</span>}
            </label>
            {f.key === 'phone' ? (
              <input type="tel" inputMode="tel" {...common} />
            ) : f.key === 'email' ? (
              <input type="email" {...common} />
            ) : (
              <input type="text" {...common} />
            )}
            {error && (
              <div class="field-error" id={`${id}-error`} role="alert">
                {error}
              </div>
            )}
          </div>
        );
      })}
      {failed && (
        <div class="field-error" role="alert">
          {t.preChatFailed}
        </div>
      )}
      <button type="submit" class="start" data-testid="fl-prechat-submit" disabled={busy}>
        {t.preChatSubmit}
      </button>
    </form>
  );
}
