import { z } from 'zod';

/** Which alerts the operator wants (the bell popover), kept in localStorage per browser. */
export const AlertSettings = z.object({
  /** A customer replied in one of my cases: a beep. */
  replySound: z.boolean().default(true),
  /** …: the unread count in the tab title. */
  replyTitle: z.boolean().default(true),
  /** …: a desktop notification. */
  replyDesktop: z.boolean().default(true),
  /** New cases (coalesced, one notification per 10 s at most): beep and notification. */
  newCases: z.boolean().default(true),
  /** An SLA breach escalated to me (supervisors and admins): beep and notification. */
  escalations: z.boolean().default(true),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

const storageKey = 'frontline.alerts';

export function loadAlertSettings(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): AlertSettings {
  try {
    const raw = storage?.getItem(storageKey);
    const parsed = AlertSettings.safeParse(raw ? JSON.parse(raw) : {});
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON, or storage unavailable: the defaults.
  }
  return AlertSettings.parse({});
}

export function saveAlertSettings(
  settings: AlertSettings,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(storageKey, JSON.stringify(settings));
  } catch {
    // Private mode or full: the choice lasts for this page only.
  }
}
