import type { ChannelKind } from '@frontline/shared';
import type { ProviderFetch } from '../../channels/call-provider.ts';
import type { ChannelAccountContext } from '../../channels/channel-adapter.ts';
import type { ChannelAdapters } from '../../channels/registry.ts';
import { AppError, ChannelError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Store } from '../../store/store.ts';
import { toChannelKind } from '../views.ts';

export interface ChannelAccount {
  id: number;
  kind: ChannelKind;
  name: string;
  entryPointId: number | null;
  status: string;
  /** The names of the secrets set (shown to the admin, never their values). */
  secretsSet: string[];
  /**
   * What adapters receive: the config and decrypted secrets parsed once with the adapter's schemas, the
   * webhook URL. Reading it on a `misconfigured` account (its secrets could not be opened or no longer
   * match the schema) throws a permanent `CHANNEL_MISCONFIGURED` ChannelError: no adapter ever sees
   * unparsed secrets.
   */
  readonly context: ChannelAccountContext;
}

/**
 * Connected channel accounts, cached in memory with their decrypted secrets (they change rarely;
 * `reload` after a change). Secrets never leave this cache except towards the adapter.
 */
export class ChannelAccounts {
  private byId = new Map<number, ChannelAccount>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly deps: {
      store: Store;
      secrets: SecretBox;
      publicUrl: string;
      adapters: ChannelAdapters;
      /** The `fetch` every account's provider calls go through (default: the global one). */
      fetch?: ProviderFetch | undefined;
    },
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
      const webhookUrl = this.webhookUrl(kind, r.id);
      const tokenKey = this.deps.secrets.deriveKey(`channel-token:${r.id}`);
      const base = { id: r.id, kind, name: r.name, entryPointId: r.entry_point_id };
      try {
        const config: unknown = adapter.configSchema.parse(JSON.parse(r.config));
        const opened: unknown = r.secrets_enc ? JSON.parse(this.deps.secrets.open(r.secrets_enc)) : {};
        const secrets: unknown = adapter.secretsSchema.parse(opened);
        const context: ChannelAccountContext = {
          id: r.id,
          name: r.name,
          config,
          secrets,
          webhookUrl,
          tokenKey,
          fetch: this.deps.fetch,
        };
        next.set(r.id, { ...base, status: r.status, secretsSet: namesOf(secrets), context });
      } catch {
        // Another SECRET_KEY or a schema change: the account stays listed, unusable until re-entered
        // (webhooks fail closed, sends fail permanently with what to do).
        next.set(r.id, {
          ...base,
          status: 'misconfigured',
          secretsSet: [],
          get context(): ChannelAccountContext {
            throw new ChannelError(
              'CHANNEL_MISCONFIGURED',
              `the settings or secrets of channel "${r.name}" cannot be read (another SECRET_KEY, or they no longer fit): re-enter them in Channel settings`,
              { retryable: false },
            );
          },
        });
      }
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

function namesOf(secrets: unknown): string[] {
  return typeof secrets === 'object' && secrets !== null ? Object.keys(secrets).sort() : [];
}
