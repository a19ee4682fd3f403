import { channelKinds, type ChannelKind, type RoutingSettings } from '@frontline/shared';
import { parseNumber, type Built, type LocalProblem } from './admin-drafts.ts';

/** The routing settings as their form holds them; an empty channel weight is the default (1). */
export interface RoutingSettingsDraft {
  channelWeights: Record<ChannelKind, string>;
  /** Seconds before required levels drop to 1, and before required skills are dropped; empty: never. */
  relaxLevels: string;
  relaxSkills: string;
  agingSeconds: string;
  stickyHours: string;
  presenceGraceSeconds: string;
  /** One a line. */
  breakReasons: string;
  announceWaitAboveMinutes: string;
  /** `key = skill slug`, one a line (`en = english`, `vip = vip`). */
  languageSkills: string;
  tagSkills: string;
}

/**
 * `key = slug` lines → the map (`:` or `→` also separate; blank lines dropped), or null when a line has no
 * key or no slug.
 * @example parsePairs('en = english\nvip: vip') // → { en: 'english', vip: 'vip' }
 */
export function parsePairs(text: string): Record<string, string> | null {
  const pairs: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const m = /^([^=:→\s]+)\s*[=:→]\s*(\S+)$/.exec(line);
    if (!m) return null;
    pairs[m[1]!] = m[2]!;
  }
  return pairs;
}

/** The map → `key = slug` lines. */
export function formatPairs(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([key, slug]) => `${key} = ${slug}`)
    .join('\n');
}

export function routingSettingsDraft(s: RoutingSettings): RoutingSettingsDraft {
  return {
    channelWeights: Object.fromEntries(
      channelKinds.map((kind) => [
        kind,
        s.channelWeights[kind] === undefined ? '' : String(s.channelWeights[kind]),
      ]),
    ) as Record<ChannelKind, string>,
    relaxLevels: s.relaxAfterSeconds[0] === undefined ? '' : String(s.relaxAfterSeconds[0]),
    relaxSkills: s.relaxAfterSeconds[1] === undefined ? '' : String(s.relaxAfterSeconds[1]),
    agingSeconds: String(s.agingSeconds),
    stickyHours: String(s.stickyHours),
    presenceGraceSeconds: String(s.presenceGraceSeconds),
    breakReasons: s.breakReasons.join('\n'),
    announceWaitAboveMinutes: String(s.announceWaitAboveMinutes),
    languageSkills: formatPairs(s.languageSkills),
    tagSkills: formatPairs(s.tagSkills),
  };
}

/**
 * The form → the whole settings for `PUT` (every field sent, so none falls back to its default unseen).
 * Relaxation: the second wait only with the first (`relaxAfterSeconds` is `[levels, skills]`); a second
 * wait alone is a problem of `relaxAfterSeconds.0`. Break reasons: one a line, blank lines dropped; skills
 * by language and by tag: `key = slug` lines.
 */
export function routingSettingsRequest(d: RoutingSettingsDraft): Built<RoutingSettings> {
  const fields: Record<string, LocalProblem> = {};
  const whole = (field: string, text: string, required: boolean): number | null => {
    const n = parseNumber(text);
    if (n === undefined || (n === null && required))
      fields[field] = n === undefined ? 'admin.problem.number' : 'admin.problem.required';
    return n ?? null;
  };
  const channelWeights: Partial<Record<ChannelKind, number>> = {};
  for (const kind of channelKinds) {
    const w = whole(`channelWeights.${kind}`, d.channelWeights[kind], false);
    if (w !== null) channelWeights[kind] = w;
  }
  const levels = whole('relaxAfterSeconds.0', d.relaxLevels, false);
  const skills = whole('relaxAfterSeconds.1', d.relaxSkills, false);
  if (levels === null && skills !== null) fields['relaxAfterSeconds.0'] = 'admin.problem.required';
  const pairs = (field: 'languageSkills' | 'tagSkills') => {
    const parsed = parsePairs(d[field]);
    if (parsed === null) fields[field] = 'admin.problem.pairs';
    return parsed ?? {};
  };
  const request: RoutingSettings = {
    channelWeights,
    relaxAfterSeconds: [levels, skills].filter((n): n is number => n !== null),
    agingSeconds: whole('agingSeconds', d.agingSeconds, true) ?? 0,
    stickyHours: whole('stickyHours', d.stickyHours, true) ?? 0,
    presenceGraceSeconds: whole('presenceGraceSeconds', d.presenceGraceSeconds, true) ?? 0,
    languageSkills: pairs('languageSkills'),
    tagSkills: pairs('tagSkills'),
    breakReasons: d.breakReasons
      .split('\n')
      .map((r) => r.trim())
      .filter((r) => r !== ''),
    announceWaitAboveMinutes: whole('announceWaitAboveMinutes', d.announceWaitAboveMinutes, true) ?? 0,
  };
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, request };
}
