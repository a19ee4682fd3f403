/** An approved WhatsApp template as the channel settings keep it. */
export interface TemplateLine {
  name: string;
  language: string;
  body: string;
}

/**
 * The "approved templates" textarea of the WhatsApp form: one template per line as
 * `name | language | body`, the body with `{{1}}`, `{{2}}` … where parameters go. Empty lines are skipped.
 * Returns null when a line does not have the three parts (the form marks the field invalid).
 *
 * @example parseTemplateLines('hello_world | ru | Здравствуйте, {{1}}!') // → [{ name: 'hello_world', language: 'ru', body: 'Здравствуйте, {{1}}!' }]
 */
export function parseTemplateLines(text: string): TemplateLine[] | null {
  const templates: TemplateLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const first = line.indexOf('|');
    const second = first === -1 ? -1 : line.indexOf('|', first + 1);
    if (second === -1) return null;
    const name = line.slice(0, first).trim();
    const language = line.slice(first + 1, second).trim();
    const body = line.slice(second + 1).trim();
    if (!/^[a-z0-9_]{1,512}$/.test(name) || !/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$/.test(language))
      return null;
    if (body === '' || body.length > 1024) return null;
    templates.push({ name, language, body });
  }
  return templates.length > 200 ? null : templates;
}
