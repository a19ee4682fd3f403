import type {
  AdminEntryPoint,
  AdminOperator,
  AdminSlaPolicy,
  ChannelKind,
  CreateEntryPointRequest,
  CreateSlaPolicyRequest,
  Role,
  SkillRef,
  UpdateOperatorRoutingRequest,
} from '@frontline/shared';
import { channelKinds } from '@frontline/shared';

/** A form's request, or the fields it cannot send yet (field → what is wrong, as a message key). */
export type Built<T> = { ok: true; request: T } | { ok: false; fields: Record<string, LocalProblem> };

/** What the form itself finds wrong before sending. */
export type LocalProblem =
  'admin.problem.required' | 'admin.problem.number' | 'admin.problem.hours' | 'admin.problem.pairs';

/**
 * A number typed into a field: the number (`decimals` allowed or not), null when empty, undefined when unreadable.
 * @example parseNumber(' 12 ') // → 12
 * @example parseNumber('1.5') // → undefined
 */
export function parseNumber(text: string, decimals = false): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const pattern = decimals ? /^\d+(?:\.\d+)?$/ : /^\d+$/;
  return pattern.test(trimmed) ? Number(trimmed) : undefined;
}

/** Collects the problems of a form's fields while its request is built. */
class Checker {
  readonly fields: Record<string, LocalProblem> = {};

  /** A required whole number (0 when the field is wrong, which the form does not send). */
  whole(field: string, text: string): number {
    const n = parseNumber(text);
    if (n === null || n === undefined)
      this.fields[field] = n === null ? 'admin.problem.required' : 'admin.problem.number';
    return n ?? 0;
  }

  /** An optional whole number: null when empty. */
  optionalWhole(field: string, text: string): number | null {
    const n = parseNumber(text);
    if (n === undefined) this.fields[field] = 'admin.problem.number';
    return n ?? null;
  }

  /** Optional minutes (decimals allowed) → seconds; null when empty. */
  minutes(field: string, text: string): number | null {
    const n = parseNumber(text, true);
    if (n === undefined) this.fields[field] = 'admin.problem.number';
    return n === null || n === undefined ? null : Math.round(n * 60);
  }

  text(field: string, value: string): string {
    if (value.trim() === '') this.fields[field] = 'admin.problem.required';
    return value.trim();
  }

  done<T>(request: T): Built<T> {
    return Object.keys(this.fields).length > 0 ? { ok: false, fields: this.fields } : { ok: true, request };
  }
}

/** Seconds → the minutes a form shows (up to two decimals); empty for none. */
export function minutesText(seconds: number | null): string {
  return seconds === null ? '' : String(Math.round((seconds / 60) * 100) / 100);
}

export const preChatKeys = ['name', 'phone', 'email'] as const;
export type PreChatChoice = 'off' | 'optional' | 'required';

/** An entry point as its form holds it (numbers and choices as typed). */
export interface EntryPointDraft {
  slug: string;
  nameRu: string;
  nameEn: string;
  queueId: string;
  skills: SkillRef[];
  priority: string;
  slaPolicyId: string;
  businessHoursId: string;
  outOfHoursRu: string;
  outOfHoursEn: string;
  preChat: Record<(typeof preChatKeys)[number], PreChatChoice>;
  reopenWindowHours: string;
}

const idText = (id: number | null | undefined) => (id === null || id === undefined ? '' : String(id));

/** The form of an entry point (or of a new one, in the first queue). */
export function entryPointDraft(ep: AdminEntryPoint | null, firstQueueId: number | null): EntryPointDraft {
  const preChat = { name: 'off', phone: 'off', email: 'off' } as EntryPointDraft['preChat'];
  for (const f of ep?.preChatFields ?? []) preChat[f.key] = f.required ? 'required' : 'optional';
  return {
    slug: ep?.slug ?? '',
    nameRu: ep?.nameRu ?? '',
    nameEn: ep?.nameEn ?? '',
    queueId: idText(ep ? ep.queueId : firstQueueId),
    skills: ep?.skills ?? [],
    priority: String(ep?.priority ?? 0),
    slaPolicyId: idText(ep?.slaPolicyId),
    businessHoursId: idText(ep?.businessHoursId),
    outOfHoursRu: ep?.outOfHoursRu ?? '',
    outOfHoursEn: ep?.outOfHoursEn ?? '',
    preChat,
    reopenWindowHours: String(ep?.reopenWindowHours ?? 0),
  };
}

/**
 * The form → the whole entry point as create and update take it (an empty out-of-hours text: the built-in
 * phrase; pre-chat fields in the form's order, the ones turned off left out).
 */
export function entryPointRequest(d: EntryPointDraft): Built<CreateEntryPointRequest> {
  const c = new Checker();
  const request: CreateEntryPointRequest = {
    slug: c.text('slug', d.slug),
    nameRu: c.text('nameRu', d.nameRu),
    nameEn: c.text('nameEn', d.nameEn),
    queueId: c.whole('queueId', d.queueId),
    skills: d.skills,
    priority: c.whole('priority', d.priority),
    slaPolicyId: d.slaPolicyId === '' ? null : Number(d.slaPolicyId),
    businessHoursId: d.businessHoursId === '' ? null : Number(d.businessHoursId),
    outOfHoursRu: d.outOfHoursRu.trim() === '' ? null : d.outOfHoursRu.trim(),
    outOfHoursEn: d.outOfHoursEn.trim() === '' ? null : d.outOfHoursEn.trim(),
    preChatFields: preChatKeys
      .filter((key) => d.preChat[key] !== 'off')
      .map((key) => ({ key, required: d.preChat[key] === 'required' })),
    reopenWindowHours: c.whole('reopenWindowHours', d.reopenWindowHours),
  };
  return c.done(request);
}

/** An SLA policy as its form holds it: targets in minutes. */
export interface SlaPolicyDraft {
  name: string;
  firstResponse: string;
  nextResponse: string;
  resolution: string;
  warnPercent: string;
  businessHoursOnly: boolean;
  overflowAfter: string;
  overflowQueueId: string;
  escalateOnBreach: boolean;
}

export function slaPolicyDraft(p: AdminSlaPolicy | null): SlaPolicyDraft {
  return {
    name: p?.name ?? '',
    firstResponse: minutesText(p?.firstResponseSeconds ?? null),
    nextResponse: minutesText(p?.nextResponseSeconds ?? null),
    resolution: minutesText(p?.resolutionSeconds ?? null),
    warnPercent: String(p?.warnPercent ?? 80),
    businessHoursOnly: p?.businessHoursOnly ?? true,
    overflowAfter: minutesText(p?.overflowAfterSeconds ?? null),
    overflowQueueId: idText(p?.overflowQueueId),
    escalateOnBreach: p?.escalateOnBreach ?? true,
  };
}

/** The form → the whole policy (an empty target: not measured), field names as the API's. */
export function slaPolicyRequest(d: SlaPolicyDraft): Built<Required<CreateSlaPolicyRequest>> {
  const c = new Checker();
  return c.done({
    name: c.text('name', d.name),
    firstResponseSeconds: c.minutes('firstResponseSeconds', d.firstResponse),
    nextResponseSeconds: c.minutes('nextResponseSeconds', d.nextResponse),
    resolutionSeconds: c.minutes('resolutionSeconds', d.resolution),
    warnPercent: c.whole('warnPercent', d.warnPercent),
    businessHoursOnly: d.businessHoursOnly,
    overflowAfterSeconds: c.minutes('overflowAfterSeconds', d.overflowAfter),
    overflowQueueId: d.overflowQueueId === '' ? null : Number(d.overflowQueueId),
    escalateOnBreach: d.escalateOnBreach,
  });
}

/** An operator's routing as its form holds it; an empty channel limit is no limit. */
export interface OperatorDraft {
  role: Role;
  queueIds: number[];
  skills: SkillRef[];
  capacity: string;
  channelLimits: Record<ChannelKind, string>;
}

export function operatorDraft(o: AdminOperator): OperatorDraft {
  return {
    role: o.role,
    queueIds: [...o.queueIds],
    skills: o.skills,
    capacity: String(o.capacity),
    channelLimits: Object.fromEntries(
      channelKinds.map((kind) => [kind, idText(o.channelLimits[kind])]),
    ) as Record<ChannelKind, string>,
  };
}

/** The form → the operator's whole routing (`channelLimits.telegram` names a limit's field). */
export function operatorRequest(d: OperatorDraft): Built<Required<UpdateOperatorRoutingRequest>> {
  const c = new Checker();
  const channelLimits: Partial<Record<ChannelKind, number>> = {};
  for (const kind of channelKinds) {
    const limit = c.optionalWhole(`channelLimits.${kind}`, d.channelLimits[kind]);
    if (limit !== null) channelLimits[kind] = limit;
  }
  return c.done({
    role: d.role,
    queueIds: [...d.queueIds].sort((a, b) => a - b),
    skills: d.skills,
    capacity: c.whole('capacity', d.capacity),
    channelLimits,
  });
}
