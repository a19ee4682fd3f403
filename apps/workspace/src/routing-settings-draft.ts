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
  /** Not edited here; sent back as they came. */
  languageSkills: Record<string, string>;
  tagSkills: Record<string, string>;
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
    languageSkills: s.languageSkills,
    tagSkills: s.tagSkills,
  };
}

/**
 * The form → the whole settings for `PUT` (every field sent, so none falls back to its default unseen).
 * Relaxation: the second wait only with the first (`relaxAfterSeconds` is `[levels, skills]`); a second
 * wait alone is a problem of `relaxAfterSeconds.0`. Break reasons: one a line, blank lines dropped.
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
  const request: RoutingSettings = {
    channelWeights,
    relaxAfterSeconds: [levels, skills].filter((n): n is number => n !== null),
    agingSeconds: whole('agingSeconds', d.agingSeconds, true) ?? 0,
    stickyHours: whole('stickyHours', d.stickyHours, true) ?? 0,
    presenceGraceSeconds: whole('presenceGraceSeconds', d.presenceGraceSeconds, true) ?? 0,
    languageSkills: d.languageSkills,
    tagSkills: d.tagSkills,
    breakReasons: d.breakReasons
      .split('\n')
      .map((r) => r.trim())
      .filter((r) => r !== ''),
    announceWaitAboveMinutes: whole('announceWaitAboveMinutes', d.announceWaitAboveMinutes, true) ?? 0,
  };
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, request };
}
