import type { ChannelKind } from '@frontline/shared';
import { AppError } from '../../lib/errors.ts';
import type { Store } from '../../store/store.ts';
import { toChannelKind } from '../views.ts';

export interface ChannelAccount {
  id: number;
  kind: ChannelKind;
  name: string;
  entryPointId: number | null;
}

/** Connected channel accounts, cached in memory (they change rarely; `reload` after a change). */
export class ChannelAccounts {
  private byId = new Map<number, ChannelAccount>();

  constructor(private readonly store: Store) {}

  async reload(): Promise<void> {
    const rows = await this.store.db.selectFrom('channel_accounts').selectAll().execute();
    const next = new Map<number, ChannelAccount>();
    for (const r of rows) {
      const kind = toChannelKind(r.kind);
      if (kind === null) continue;
      next.set(r.id, { id: r.id, kind, name: r.name, entryPointId: r.entry_point_id });
    }
    this.byId = next;
  }

  get(id: number): ChannelAccount {
    const account = this.byId.get(id);
    if (!account) throw new AppError('NOT_FOUND', `channel account ${id} is not connected`);
    return account;
  }

  kindOf(id: number | null): ChannelKind | null {
    return id === null ? null : (this.byId.get(id)?.kind ?? null);
  }

  /** The first account of a kind (web chat has exactly one per installation). */
  firstOfKind(kind: ChannelKind): ChannelAccount {
    for (const a of this.byId.values()) if (a.kind === kind) return a;
    throw new AppError('NOT_FOUND', `no ${kind} channel is connected`);
  }
}
