import type { ChannelAccountView, CreateChannelRequest } from '@frontline/shared';
import { ChannelKind } from '@frontline/shared';
import type { ChannelHealth } from '../../channels/channel-adapter.ts';
import type { ChannelAdapters } from '../../channels/registry.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, ChannelError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Store } from '../../store/store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ChannelAccounts } from './channel-accounts.ts';

/** Connecting and disconnecting channels (admin). Secrets are validated, sealed, and never returned. */
export class ChannelAdmin {
  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      channels: ChannelAccounts;
      secrets: SecretBox;
      audit: AuditLog;
      adapters: ChannelAdapters;
    },
  ) {}

  async list(): Promise<ChannelAccountView[]> {
    const rows = await this.deps.store.db.selectFrom('channel_accounts').selectAll().orderBy('id').execute();
    const ignored = await this.deps.store.db
      .selectFrom('channel_ignored_events')
      .selectAll()
      .orderBy('last_at', 'desc')
      .execute();
    return rows.map((r) => {
      const account = this.deps.channels.find(r.id);
      const adapter = account ? this.deps.adapters[account.kind] : undefined;
      return {
        id: r.id,
        kind: r.kind,
        name: r.name,
        entryPointId: r.entry_point_id,
        status: account?.status ?? r.status,
        webhookUrl: adapter?.webhook ? this.deps.channels.webhookUrl(r.kind, r.id) : null,
        config: JSON.parse(r.config) as Record<string, unknown>,
        secretsSet: account?.secretsSet ?? [],
        health:
          r.health_checked_at === null
            ? null
            : { ok: r.health_ok === 1, detail: r.health_detail ?? '', checkedAt: r.health_checked_at },
        ignoredEvents: ignored
          .filter((i) => i.channel_account_id === r.id)
          .map((i) => ({
            code: i.code,
            count: Number(i.count),
            lastDetail: i.last_detail,
            lastAt: new Date(i.last_at).toISOString(),
          })),
      };
    });
  }

  private async view(id: number): Promise<ChannelAccountView> {
    const found = (await this.list()).find((v) => v.id === id);
    if (!found) throw new AppError('CHANNEL_NOT_FOUND', `channel ${id} not found`);
    return found;
  }

  /**
   * Validate, store (secrets sealed), then connect (e.g. setWebhook). A provider that rejects the
   * credentials leaves nothing behind (422); a provider that is merely unreachable keeps the account
   * with unhealthy status, to be checked again.
   */
  async create(req: CreateChannelRequest, actorId: number): Promise<ChannelAccountView> {
    const kind = ChannelKind.safeParse(req.kind);
    if (!kind.success) throw new AppError('VALIDATION_FAILED', `unknown channel kind "${req.kind}"`);
    const adapter = this.deps.adapters[kind.data];
    const config = adapter.configSchema.safeParse(req.config);
    if (!config.success)
      throw new AppError('VALIDATION_FAILED', 'invalid channel settings', { details: config.error.issues });
    const secrets = adapter.secretsSchema.safeParse(req.secrets);
    if (!secrets.success) {
      // Never echo secret values back: only where the problem is.
      const details = secrets.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
        code: i.code,
      }));
      throw new AppError('VALIDATION_FAILED', 'invalid channel secrets', { details });
    }
    const now = this.deps.clock.now().toISOString();
    const id = await this.deps.store.write(async (tx) => {
      const dup = await tx.db
        .selectFrom('channel_accounts')
        .select('id')
        .where('kind', '=', kind.data)
        .where('name', '=', req.name)
        .executeTakeFirst();
      if (dup) throw new AppError('CONFLICT', `a ${kind.data} channel named "${req.name}" already exists`);
      const row = await tx.db
        .insertInto('channel_accounts')
        .values({
          kind: kind.data,
          name: req.name,
          entry_point_id: req.entryPointId,
          config: JSON.stringify(config.data),
          secrets_enc: this.deps.secrets.seal(JSON.stringify(secrets.data)),
          status: 'active',
          created_at: now,
          health_ok: null,
          health_detail: null,
          health_checked_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, actorId, 'channel.create', 'channel', row.id, {
        kind: kind.data,
        name: req.name,
      });
      return row.id;
    });
    await this.deps.channels.reload();
    try {
      await this.recordHealth(id, await adapter.connect(this.deps.channels.get(id).context));
    } catch (error) {
      if (error instanceof ChannelError && !error.retryable) {
        await this.deps.store.write(async (tx) => {
          await tx.db.deleteFrom('channel_accounts').where('id', '=', id).execute();
          await this.deps.audit.record(tx, actorId, 'channel.connect_failed', 'channel', id, {
            code: error.code,
          });
        });
        await this.deps.channels.reload();
        throw new AppError('CHANNEL_CONNECT_FAILED', error.message, { details: { code: error.code } });
      }
      await this.recordHealth(id, {
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    return this.view(id);
  }

  async check(id: number): Promise<ChannelAccountView> {
    const account = this.deps.channels.get(id);
    const adapter = this.deps.adapters[account.kind];
    try {
      await this.recordHealth(id, await adapter.health(account.context));
    } catch (error) {
      await this.recordHealth(id, {
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    return this.view(id);
  }

  /** Stop taking traffic (provider webhook removed); history stays. */
  async disable(id: number, actorId: number): Promise<ChannelAccountView> {
    const account = this.deps.channels.get(id);
    if (account.kind === 'webchat')
      throw new AppError('CONFLICT', 'the built-in web chat cannot be disconnected');
    try {
      await this.deps.adapters[account.kind].disconnect(account.context);
    } catch {
      // Disconnecting locally must work even when the provider is unreachable.
    }
    await this.deps.store.write(async (tx) => {
      await tx.db.updateTable('channel_accounts').set({ status: 'disabled' }).where('id', '=', id).execute();
      await this.deps.audit.record(tx, actorId, 'channel.disable', 'channel', id, {});
    });
    await this.deps.channels.reload();
    return this.view(id);
  }

  /** Keep the latest health of an account (shown on the Channels screen), checked now by our clock. */
  async recordHealth(id: number, health: ChannelHealth): Promise<void> {
    await this.deps.store.write(async ({ db }) => {
      await db
        .updateTable('channel_accounts')
        .set({
          health_ok: health.ok ? 1 : 0,
          health_detail: health.detail,
          health_checked_at: this.deps.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute();
    });
  }
}
