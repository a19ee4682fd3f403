import { randomUUID } from 'node:crypto';
import type {
  PreChatRequest,
  PreChatResponse,
  ChatAck,
  ChatEvent,
  ChatHistoryResponse,
  ChatTokenResponse,
  EntryPoint,
  StartChatRequest,
  StartChatResponse,
} from '@frontline/shared';
import { ChatEvent as ChatEventSchema } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ChannelAccounts } from '../channels/channel-accounts.ts';
import type { ContactPointInput } from '../customers/upsert-identity.ts';
import type { StoredAttachment } from '../views.ts';
import type { Logger } from '../../lib/logger.ts';
import { normalizePhone, type PhoneRegion } from '../../lib/normalize-phone.ts';
import { readEventBacklog } from '../events/read-event-backlog.ts';
import type { Store } from '../../store/store.ts';
import type { EntryPointHours } from '../business-hours/entry-point-hours.ts';
import { answerPreChat } from './answer-pre-chat.ts';
import { preChatState } from './pre-chat.ts';
import { verifyIdentityToken } from './verify-identity-token.ts';
import type { VisitorLimits } from './visitor-limits.ts';
import type { VisitorTokens } from './visitor-tokens.ts';

/** A customer authenticated by their visitor token. */
export interface Visitor {
  identityId: number;
  /** The identity's customer when the token was checked (a merge may move it since: read it from the identity). */
  customerId: number;
  externalId: string;
  entryPointId: number;
  channelAccountId: number;
  /** When the token this visitor was authenticated with expires (ms since the epoch). */
  tokenExpiresAt: number;
}

/** Where the customer's typing goes (the realtime event bus): ephemeral, to the operators of the case. */
export interface TypingSignals {
  signal(signal: {
    kind: 'typing';
    caseId: number;
    to: { audience: 'operators'; queueId: number; operatorId: number | null };
  }): void;
}

export interface WebchatServiceDeps {
  store: Store;
  clock: Clock;
  tokens: VisitorTokens;
  limits: VisitorLimits;
  widgetSecret: string | undefined;
  /** The region typed phones without a country code are read in (`DEFAULT_PHONE_REGION`). */
  region: PhoneRegion;
  logger: Logger;
  channels: ChannelAccounts;
  /** The entry points' business hours: the session answer says whether the entry point is open. */
  hours?: EntryPointHours;
  cases: CaseService;
  bus: TypingSignals;
}

/**
 * Phone and e-mail of `source` as contact points attested by `attestedBy` (null: claimed only). The phone is
 * read in `phones.region` (E.164, `normalizePhone`); one that is not a valid number is left out and logged.
 */
function contactPointsOf(
  source: { phone?: string | undefined; email?: string | undefined },
  attestedBy: string | null,
  where: string,
  phones: { region: PhoneRegion; logger: Logger },
): ContactPointInput[] {
  const points: ContactPointInput[] = [];
  if (source.phone) {
    const phone = normalizePhone(source.phone, { region: phones.region });
    if (phone) points.push({ kind: 'phone', value: phone, attestedBy });
    else phones.logger.warn({ where }, 'chat identity: the phone is not a valid phone number, left out');
  }
  if (source.email) points.push({ kind: 'email', value: source.email.toLowerCase(), attestedBy });
  return points;
}

/** The customer side of web chat and the in-app SDK (docs/chat-protocol.md). */
export class WebchatService {
  /** Verified tokens → visitor (identities are never deleted or re-keyed; bounded). */
  private readonly visitors = new Map<string, Visitor>();

  constructor(private readonly deps: WebchatServiceDeps) {}

  /** The per-visitor limits (message size, rate, sockets) the HTTP routes and the gateway apply. */
  get limits(): VisitorLimits {
    return this.deps.limits;
  }

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

    if (req.identity !== undefined) {
      throw new AppError(
        'CHAT_IDENTITY_INVALID',
        'identity {id, hash} is no longer accepted (it signed the id only): pass identityToken, a JWT your backend signs over sub, exp, phone, email and name (docs/chat-protocol.md)',
      );
    }
    const now = this.deps.clock.now();
    let externalId: string;
    let verifiedBy: string | null = null;
    const contactPoints: ContactPointInput[] = [];
    let displayName = req.name ?? null;
    let keptHorizon: number | undefined;
    if (req.identityToken !== undefined) {
      const { widgetSecret } = this.deps;
      if (!widgetSecret) {
        throw new AppError(
          'CHAT_IDENTITY_INVALID',
          'identity verification is not configured on this server (set WIDGET_SECRET)',
        );
      }
      const claims = await verifyIdentityToken(widgetSecret, req.identityToken, now);
      externalId = `user:${claims.sub}`;
      verifiedBy = 'jwt';
      displayName = claims.name ?? displayName;
      // Only what the host's backend signed is attested: it may join this customer to others.
      contactPoints.push(...contactPointsOf(claims, 'jwt', 'identityToken', this.deps));
    } else if (req.visitorToken !== undefined) {
      const resumed = this.resumable(req.visitorToken, now);
      externalId = resumed.vid;
      keptHorizon = horizonToKeep(resumed);
    } else {
      externalId = `visitor:${randomUUID()}`;
    }
    // What the visitor typed themselves: shown to the operator, never used to link customers.
    contactPoints.push(...contactPointsOf(req, null, 'request', this.deps));
    const identity = await this.deps.store.write((tx) =>
      this.deps.cases.upsertIdentity(
        tx,
        { channelAccountId: account.id, externalId, displayName, verifiedBy, contactPoints },
        now.toISOString(),
      ),
    );
    const issued = this.deps.tokens.issue(
      { vid: externalId, ep: entryPoint.id, ...(keptHorizon !== undefined ? { rexp: keptHorizon } : {}) },
      now,
    );
    const preChat = await preChatState(this.deps.store.db, {
      identityId: identity.id,
      entryPointId: entryPoint.id,
    });
    const hours = await this.deps.hours?.hoursAt(this.deps.store.db, entryPoint.id, now);
    return {
      visitorToken: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
      visitorId: externalId,
      entryPoint,
      verified: identity.verified_by !== null,
      ...(!preChat.answered && preChat.fields.length > 0
        ? { pendingPreChat: { fields: preChat.fields } }
        : {}),
      ...(hours ? { hours } : {}),
    };
  }

  /** The visitor's answers to the entry point's pre-chat form, stored as claimed contact points (once). */
  preChat(visitor: Visitor, req: PreChatRequest): Promise<PreChatResponse> {
    return answerPreChat(this.deps, visitor, req);
  }

  /**
   * A fresh token for the visitor of `token`, which may have expired up to its refresh horizon: the same
   * visitor and conversation, a new expiry. 401 `CHAT_TOKEN_EXPIRED` past the horizon (start a new session).
   */
  async refresh(token: string | undefined): Promise<ChatTokenResponse> {
    if (token === undefined) throw new AppError('CHAT_TOKEN_INVALID', 'missing visitor token');
    const now = this.deps.clock.now();
    const claims = this.resumable(token, now);
    await this.findIdentity(claims.vid);
    const rexp = horizonToKeep(claims);
    const issued = this.deps.tokens.issue(
      { vid: claims.vid, ep: claims.ep, ...(rexp !== undefined ? { rexp } : {}) },
      now,
    );
    return { visitorToken: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }

  /** The claims of a token that is valid or expired but still refreshable; 401 otherwise. */
  private resumable(token: string, now: Date) {
    const check = this.deps.tokens.check(token, now);
    if (check.status === 'invalid')
      throw new AppError('CHAT_TOKEN_INVALID', 'the visitor token is invalid; start a new chat');
    if (check.status === 'expired' && !check.refreshable)
      throw new AppError(
        'CHAT_TOKEN_EXPIRED',
        'the visitor token expired too long ago to be refreshed; start a new chat',
      );
    return check.claims;
  }

  private async findIdentity(externalId: string) {
    const account = this.deps.channels.firstOfKind('webchat');
    const identity = await this.deps.store.db
      .selectFrom('identities')
      .select(['id', 'customer_id'])
      .where('channel_account_id', '=', account.id)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    if (!identity) throw new AppError('CHAT_TOKEN_INVALID', 'unknown visitor; start a new chat');
    return { ...identity, channelAccountId: account.id };
  }

  /** The visitor behind a bearer token; 401 `CHAT_TOKEN_EXPIRED` (refresh it) or `CHAT_TOKEN_INVALID`. */
  async authenticate(token: string | undefined): Promise<Visitor> {
    if (token === undefined) throw new AppError('CHAT_TOKEN_INVALID', 'missing visitor token');
    const nowMs = this.deps.clock.now().getTime();
    const cached = this.visitors.get(token);
    if (cached && nowMs < cached.tokenExpiresAt) return cached;
    const check = this.deps.tokens.check(token, new Date(nowMs));
    if (check.status === 'invalid')
      throw new AppError('CHAT_TOKEN_INVALID', 'missing or invalid visitor token');
    if (check.status === 'expired') {
      throw new AppError(
        'CHAT_TOKEN_EXPIRED',
        check.refreshable
          ? 'the visitor token expired: exchange it at POST /api/v1/chat/sessions/refresh'
          : 'the visitor token expired; start a new chat',
        { details: { refreshable: check.refreshable } },
      );
    }
    const { claims } = check;
    const identity = await this.findIdentity(claims.vid);
    const visitor: Visitor = {
      identityId: identity.id,
      customerId: identity.customer_id,
      externalId: claims.vid,
      entryPointId: claims.ep,
      channelAccountId: identity.channelAccountId,
      tokenExpiresAt: claims.exp * 1000,
    };
    if (this.visitors.size >= 50_000) this.visitors.clear();
    this.visitors.set(token, visitor);
    return visitor;
  }

  /** Durable events of this visitor after `since`, oldest first. */
  async history(visitor: Visitor, since: number, limit = 1000): Promise<ChatHistoryResponse> {
    const rows = await readEventBacklog(
      this.deps.store.db,
      { audience: 'customer', identityId: visitor.identityId },
      since,
      limit,
    );
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
    const retryAfterMs = this.deps.limits.takeMessage(visitor.identityId, this.deps.clock.now().getTime());
    if (retryAfterMs > 0) {
      throw new AppError(
        'RATE_LIMITED',
        `too many messages: send this one again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { details: { retryAfterMs } },
      );
    }
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
    if (!this.deps.limits.allowTyping(visitor.identityId, this.deps.clock.now().getTime())) return;
    const open = await this.deps.store.db
      .selectFrom('cases')
      .select(['id', 'queue_id', 'assignee_id'])
      // The identity's customer as it is now, not as cached with the token: a merge may have moved it.
      .where('customer_id', '=', (eb) =>
        eb.selectFrom('identities').select('customer_id').where('id', '=', visitor.identityId),
      )
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

/**
 * The refresh horizon a renewed token must keep: a customer signed in by the host's backend (`user:…`) is
 * vouched for only until then, however often the token is refreshed; anonymous visitors slide.
 */
function horizonToKeep(claims: { vid: string; rexp: number }): number | undefined {
  return claims.vid.startsWith('user:') ? claims.rexp : undefined;
}
