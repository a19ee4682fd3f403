/** What the operator needs to know of a calendar invitation at a glance. */
export interface CalendarInvitation {
  /** The event's `SUMMARY`, unescaped; `null` when it has none. */
  title: string | null;
  /**
   * When it starts, as written in `DTSTART`: `2026-12-03 10:00 UTC`, `2026-12-03 13:00 (Europe/Moscow)`,
   * `2026-12-03` for an all-day event; `null` when absent or unreadable.
   */
  start: string | null;
  /** The iTIP method, upper-cased (`REQUEST`, `CANCEL`, `REPLY`…); `null` when absent. */
  method: string | null;
}

interface ContentLine {
  name: string;
  params: Map<string, string>;
  value: string;
}

/** `DTSTART;TZID="W. Europe Standard Time":20261203T100000` → name, params, value (RFC 5545 §3.1). */
function contentLine(line: string): ContentLine | null {
  const m = /^([A-Za-z0-9-]+)((?:;[^:;]+=(?:"[^"]*"|[^:;]*))*):(.*)$/.exec(line);
  if (!m) return null;
  const params = new Map<string, string>();
  for (const p of (m[2] ?? '').split(';').slice(1)) {
    const eq = p.indexOf('=');
    params.set(p.slice(0, eq).toUpperCase(), p.slice(eq + 1).replace(/^"|"$/g, ''));
  }
  return { name: (m[1] ?? '').toUpperCase(), params, value: m[3] ?? '' };
}

/** RFC 5545 TEXT: `\n` → a space, `\,` `\;` `\\` → the character. */
function unescapeText(value: string): string {
  return value
    .replace(/\\[nN]/g, ' ')
    .replace(/\\([,;\\])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function startOf(line: ContentLine | undefined): string | null {
  if (line === undefined) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})\d{2}(Z)?)?$/.exec(line.value.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return date;
  const time = `${date} ${m[4]}:${m[5]}`;
  if (m[6] === 'Z') return `${time} UTC`;
  const zone = line.params.get('TZID');
  return zone ? `${time} (${zone})` : time;
}

/**
 * Reads the first event of an iCalendar object (an invitation's `text/calendar` part or `.ics` file):
 * title, start and method. `null` when the bytes hold no `VEVENT`. Lines are unfolded (RFC 5545 §3.1);
 * nothing else of the calendar is interpreted.
 *
 * @example readCalendarInvitation(Buffer.from('BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Demo\r\nDTSTART:20261203T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR'))
 * // { title: 'Demo', start: '2026-12-03 10:00 UTC', method: 'REQUEST' }
 */
export function readCalendarInvitation(bytes: Buffer): CalendarInvitation | null {
  const lines = bytes
    .toString('utf8')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .map(contentLine)
    .filter((line): line is ContentLine => line !== null);
  const begin = lines.findIndex((l) => l.name === 'BEGIN' && l.value.trim().toUpperCase() === 'VEVENT');
  if (begin === -1) return null;
  const rest = lines.slice(begin + 1);
  const end = rest.findIndex((l) => l.name === 'END' && l.value.trim().toUpperCase() === 'VEVENT');
  // Properties of the event itself, not of a nested VALARM.
  const event: ContentLine[] = [];
  let depth = 0;
  for (const line of end === -1 ? rest : rest.slice(0, end)) {
    if (line.name === 'BEGIN') depth++;
    else if (line.name === 'END') depth--;
    else if (depth === 0) event.push(line);
  }
  const summary = event.find((l) => l.name === 'SUMMARY');
  const method = lines
    .find((l) => l.name === 'METHOD')
    ?.value.trim()
    .toUpperCase();
  return {
    title: summary ? unescapeText(summary.value) || null : null,
    start: startOf(event.find((l) => l.name === 'DTSTART')),
    method: method || null,
  };
}
