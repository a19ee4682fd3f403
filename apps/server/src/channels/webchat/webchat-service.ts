import { randomUUID } from 'node:crypto';
import type {
  ChatAck,
  ChatEvent,
  ChatHistoryResponse,
  EntryPoint,
  StartChatRequest,
  StartChatResponse,
} from '@frontline/shared';
import { ChatEvent as ChatEventSchema } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { CaseService } from '../../modules/cases/case-service.ts';
import type { ChannelAccounts } from '../../modules/channels/channel-accounts.ts';
import { upsertIdentity, type ContactPointInput } from '../../modules/customers/upsert-identity.ts';
import type { StoredAttachment } from '../../modules/views.ts';
import type { EventBus } from '../../realtime/event-bus.ts';
import type { Store } from '../../store/store.ts';
import { verifyIdentityHash, type VisitorTokens } from './visitor-tokens.ts';

/** A customer authenticated by their visitor token. */
export interface Visitor {
  identityId: number;
  customerId: number;
  externalId: string;
  entryPointId: number;
  channelAccountId: number;
}

export interface WebchatServiceDeps {
  store: Store;
  clock: Clock;
  tokens: VisitorTokens;
  widgetSecret: string | undefined;
  channels: ChannelAccounts;
  cases: CaseService;
  bus: EventBus;
}

/** Normalizes a phone to E.164-like `+digits`; anything else is not a phone. */
function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s()-]/g, '');
  const m = /^\+?(\d{10,15})$/.exec(digits);
  if (!m?.[1]) return null;
  const d = m[1];
  // Russian national format 8XXXXXXXXXX → +7XXXXXXXXXX
  return d.length === 11 && d.startsWith('8') ? `+7${d.slice(1)}` : `+${d}`;
}

/** The customer side of web chat and the in-app SDK (docs/chat-protocol.md). */
export class WebchatService {
  /** Verified tokens → visitor (identities are never deleted or re-keyed; bounded). */
  private readonly visitors = new Map<string, Visitor>();

  constructor(private readonly deps: WebchatServiceDeps) {}

  async entryPoints(): Promise<EntryPoint[]> {
    const rows = await this.deps.store.db.selectFrom('entry_points').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      nameRu: r.name_ru,
      nameEn: r.name_en,
      queueId: r.queue_id,
    }));
  }

  async start(req: StartChatRequest): Promise<StartChatResponse> {
    const entryPoint = (await this.entryPoints()).find((e) => e.slug === req.entryPoint);
    if (!entryPoint)
      throw new AppError('ENTRY_POINT_NOT_FOUND', `entry point "${req.entryPoint}" does not exist`);
    const account = this.deps.channels.firstOfKind('webchat');

    let externalId: string;
    let verifiedBy: string | null = null;
    const contactPoints: ContactPointInput[] = [];
    let displayName = req.name ?? null;
    if (req.identity) {
      const { widgetSecret } = this.deps;
      if (!widgetSecret) {
        throw new AppError(
          'CHAT_IDENTITY_INVALID',
          'identity verification is not configured (WIDGET_SECRET)',
        );
      }
      if (!verifyIdentityHash(widgetSecret, req.identity.id, req.identity.hash)) {
        throw new AppError(
          'CHAT_IDENTITY_INVALID',
          'the identity hash does not match: sign the id with the widget secret',
        );
      }
      externalId = `user:${req.identity.id}`;
      verifiedBy = 'hmac';
      displayName = req.identity.name ?? displayName;
      const phone = req.identity.phone ? normalizePhone(req.identity.phone) : null;
      if (req.identity.phone && !phone)
        throw new AppError('VALIDATION_FAILED', 'identity.phone is not a phone number');
      if (phone) contactPoints.push({ kind: 'phone', value: phone, attestedBy: 'hmac' });
      if (req.identity.email)
        contactPoints.push({ kind: 'email', value: req.identity.email.toLowerCase(), attestedBy: 'hmac' });
    } else {
      const claims = req.visitorToken ? this.deps.tokens.verify(req.visitorToken) : null;
      if (req.visitorToken && !claims)
        throw new AppError('CHAT_TOKEN_INVALID', 'the visitor token is invalid; start a new chat');
      externalId = claims?.vid ?? `visitor:${randomUUID()}`;
    }
    const now = this.deps.clock.now().toISOString();
    const identity = await this.deps.store.write((tx) =>
      upsertIdentity(
        tx,
        { channelAccountId: account.id, externalId, displayName, verifiedBy, contactPoints },
        now,
      ),
    );
    return {
      visitorToken: this.deps.tokens.issue({ vid: externalId, ep: entryPoint.id }),
      visitorId: externalId,
      entryPoint,
      verified: identity.verified_by !== null,
    };
  }

  /** The visitor behind a bearer token; 401 for anything else. */
  async authenticate(token: string | undefined): Promise<Visitor> {
    if (token === undefined) throw new AppError('CHAT_TOKEN_INVALID', 'missing visitor token');
    const cached = this.visitors.get(token);
    if (cached) return cached;
    const claims = this.deps.tokens.verify(token);
    if (!claims) throw new AppError('CHAT_TOKEN_INVALID', 'missing or invalid visitor token');
    const account = this.deps.channels.firstOfKind('webchat');
    const identity = await this.deps.store.db
      .selectFrom('identities')
      .select(['id', 'customer_id'])
      .where('channel_account_id', '=', account.id)
      .where('external_id', '=', claims.vid)
      .executeTakeFirst();
    if (!identity) throw new AppError('CHAT_TOKEN_INVALID', 'unknown visitor; start a new chat');
    const visitor: Visitor = {
      identityId: identity.id,
      customerId: identity.customer_id,
      externalId: claims.vid,
      entryPointId: claims.ep,
      channelAccountId: account.id,
    };
    if (this.visitors.size >= 50_000) this.visitors.clear();
    this.visitors.set(token, visitor);
    return visitor;
  }

  /** Durable events of this visitor after `since`, oldest first. */
  async history(visitor: Visitor, since: number, limit = 1000): Promise<ChatHistoryResponse> {
    const rows = await this.deps.store.db
      .selectFrom('outbox_events')
      .select(['seq', 'payload'])
      .where('audience', '=', 'customer')
      .where('identity_id', '=', visitor.identityId)
      .where('seq', '>', since)
      .orderBy('seq')
      .limit(limit)
      .execute();
    const items: ChatHistoryResponse['items'] = [];
    for (const r of rows) {
      const event = ChatEventSchema.parse(JSON.parse(r.payload)) satisfies ChatEvent;
      items.push({ seq: Number(r.seq), event });
    }
    return { items, cursor: items.at(-1)?.seq ?? since };
  }

  async send(
    visitor: Visitor,
    msg: { clientMsgId: string; text: string; attachmentIds: string[] },
  ): Promise<ChatAck> {
    const attachments = await this.loadOwnAttachments(visitor, msg.attachmentIds);
    const { message } = await this.deps.cases.receiveInbound({
      channelAccountId: visitor.channelAccountId,
      externalMessageId: `${visitor.externalId}:${msg.clientMsgId}`,
      identity: { channelAccountId: visitor.channelAccountId, externalId: visitor.externalId },
      entryPointId: visitor.entryPointId,
      text: msg.text,
      attachments,
      clientMsgId: msg.clientMsgId,
    });
    return { clientMsgId: msg.clientMsgId, messageId: message.id };
  }

  async markRead(visitor: Visitor, upToMessageId: number): Promise<void> {
    await this.deps.store.write((tx) =>
      this.deps.cases.advanceOutboundStatus(tx, { identityId: visitor.identityId, upToMessageId }, 'read'),
    );
  }

  /** The customer is typing: tell the operators of their open case (ephemeral). */
  async typing(visitor: Visitor): Promise<void> {
    const open = await this.deps.store.db
      .selectFrom('cases')
      .select(['id', 'queue_id', 'assignee_id'])
      .where('customer_id', '=', visitor.customerId)
      .where('status', '<>', 'resolved')
      .executeTakeFirst();
    if (!open) return;
    this.deps.bus.signal({
      kind: 'typing',
      caseId: open.id,
      to: { audience: 'operators', queueId: open.queue_id, operatorId: open.assignee_id },
    });
  }

  private async loadOwnAttachments(visitor: Visitor, ids: string[]): Promise<StoredAttachment[]> {
    if (ids.length === 0) return [];
    const rows = await this.deps.store.db
      .selectFrom('attachments')
      .select(['id', 'filename', 'content_type', 'size'])
      .where('id', 'in', ids)
      .where('uploaded_by_identity_id', '=', visitor.identityId)
      .execute();
    if (rows.length !== new Set(ids).size)
      throw new AppError('ATTACHMENT_NOT_FOUND', 'an attachment id is unknown');
    return ids.map((id) => {
      const r = rows.find((x) => x.id === id);
      if (!r) throw new AppError('ATTACHMENT_NOT_FOUND', `attachment ${id} not found`);
      return { id: r.id, filename: r.filename, contentType: r.content_type, size: r.size };
    });
  }
}
