import type { ChannelKind } from '@frontline/shared';
import type { ChannelAccountContext } from '../../channels/channel-adapter.ts';
import type { ChannelAdapters } from '../../channels/registry.ts';
import { AppError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Store } from '../../store/store.ts';
import { toChannelKind } from '../views.ts';

export interface ChannelAccount {
  id: number;
  kind: ChannelKind;
  name: string;
  entryPointId: number | null;
  status: string;
  /** What adapters receive: validated config, decrypted secrets, the webhook URL. */
  context: ChannelAccountContext;
}

/**
 * Connected channel accounts, cached in memory with their decrypted secrets (they change rarely;
 * `reload` after a change). Secrets never leave this cache except towards the adapter.
 */
export class ChannelAccounts {
  private byId = new Map<number, ChannelAccount>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly deps: { store: Store; secrets: SecretBox; publicUrl: string; adapters: ChannelAdapters },
  ) {}

  webhookUrl(kind: string, id: number): string {
    return `${this.deps.publicUrl.replace(/\/$/, '')}/webhooks/${kind}/${id}`;
  }

  async reload(): Promise<void> {
    const rows = await this.deps.store.db.selectFrom('channel_accounts').selectAll().execute();
    const next = new Map<number, ChannelAccount>();
    for (const r of rows) {
      const kind = toChannelKind(r.kind);
      if (kind === null) continue;
      const adapter = this.deps.adapters[kind];
      let status = r.status;
      let config: unknown = {};
      let secrets: Record<string, string> = {};
      try {
        config = adapter.configSchema.parse(JSON.parse(r.config));
        secrets = adapter.secretsSchema.parse(
          r.secrets_enc ? (JSON.parse(this.deps.secrets.open(r.secrets_enc)) as unknown) : {},
        );
      } catch {
        // Another SECRET_KEY or a schema change: the account stays listed, unusable until re-entered
        // (webhooks fail closed without their secret).
        status = 'misconfigured';
      }
      next.set(r.id, {
        id: r.id,
        kind,
        name: r.name,
        entryPointId: r.entry_point_id,
        status,
        context: {
          id: r.id,
          name: r.name,
          config,
          secrets,
          webhookUrl: this.webhookUrl(kind, r.id),
          tokenKey: this.deps.secrets.deriveKey(`channel-token:${r.id}`),
        },
      });
    }
    this.byId = next;
    for (const listener of this.listeners) listener();
  }

  /** Called after every reload (an account was connected, changed or disconnected). */
  onReload(listener: () => void): void {
    this.listeners.push(listener);
  }

  get(id: number): ChannelAccount {
    const account = this.byId.get(id);
    if (!account) throw new AppError('NOT_FOUND', `channel account ${id} is not connected`);
    return account;
  }

  find(id: number): ChannelAccount | undefined {
    return this.byId.get(id);
  }

  list(): ChannelAccount[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
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
