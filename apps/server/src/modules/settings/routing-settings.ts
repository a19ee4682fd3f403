import { RoutingSettings } from '@frontline/shared';
import type { ChannelKind } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../store/store.ts';
import { JsonSetting, parseJsonSetting } from './json-setting.ts';

/**
 * The center's routing settings (docs/routing.md): stored as JSON under `settings.routing`, every field
 * defaulted, so a fresh install routes with the defaults. Read through the store each time it is asked
 * (`read`), or kept by the caller between changes.
 */
export class RoutingSettingsStore extends JsonSetting<RoutingSettings> {
  constructor(deps: { store: Store; clock: Clock }) {
    super('routing', RoutingSettings, deps);
  }
}

/** Stored JSON → settings; anything missing or unreadable falls back to its default. */
export function parseRoutingSettings(json: string | undefined | null): RoutingSettings {
  return parseJsonSetting(RoutingSettings, json);
}

/** The capacity units one open case of `kind` takes (1 unless configured). */
export function channelWeight(settings: RoutingSettings, kind: ChannelKind | null): number {
  return kind === null ? 1 : (settings.channelWeights[kind] ?? 1);
}
