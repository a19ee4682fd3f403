import type { Generated, Insertable, Selectable } from 'kysely';

/** Timestamps are ISO-8601 UTC strings in the application (text on SQLite, timestamptz on PostgreSQL). */
type Ts = string;

export interface QueuesTable {
  id: Generated<number>;
  name: string;
  name_ru: string | null;
  name_en: string | null;
  created_at: Ts;
}

export interface EntryPointsTable {
  id: Generated<number>;
  slug: string;
  name_ru: string;
  name_en: string;
  queue_id: number;
  created_at: Ts;
  /** How long after a case of this entry point was resolved a new message reopens it (0: never). */
  reopen_window_hours: Generated<number>;
  /** The pre-chat form: a JSON array of `{key: 'name' | 'phone' | 'email', required?}`; null = none. */
  pre_chat_fields: string | null;
  /** Routing priority of its cases (higher first; aging raises it while a case waits). Migration 024. */
  priority: Generated<number>;
  sla_policy_id: Generated<number | null>;
  business_hours_id: Generated<number | null>;
  /** What customers are told out of hours, per language (null: a built-in phrase). */
  out_of_hours_ru: Generated<string | null>;
  out_of_hours_en: Generated<string | null>;
}

/** A visitor identity answered the pre-chat form of an entry point (once). */
export interface PreChatAnswersTable {
  identity_id: number;
  entry_point_id: number;
  /** The stored answers, normalised, as JSON. */
  answers: string;
  created_at: Ts;
}

export interface ChannelAccountsTable {
  id: Generated<number>;
  kind: string;
  name: string;
  entry_point_id: number | null;
  /** Non-secret settings, JSON. */
  config: string;
  /** Secret settings, encrypted JSON (AES-256-GCM with SECRET_KEY). */
  secrets_enc: string | null;
  status: string;
  created_at: Ts;
  health_ok: number | null;
  health_detail: string | null;
  health_checked_at: Ts | null;
}

export interface OperatorsTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: 'operator' | 'supervisor' | 'admin';
  capacity: number;
  presence: 'online' | 'away' | 'offline';
  locale: 'ru' | 'en';
  last_assigned_at: Ts | null;
  disabled: number;
  created_at: Ts;
  /** JSON `{"webchat": 3}`: at most this many open cases per channel kind (migration 024); null: no limit. */
  channel_limits: Generated<string | null>;
  /** Why the operator is away (a break reason), and since when the presence holds. */
  presence_reason: Generated<string | null>;
  presence_since: Generated<Ts | null>;
}

export interface OperatorQueuesTable {
  operator_id: number;
  queue_id: number;
}

export interface SessionsTable {
  /** sha256 of the session token (the cookie holds the token itself). */
  id: string;
  operator_id: number;
  csrf_token: string;
  created_at: Ts;
  expires_at: Ts;
}

export interface CustomersTable {
  id: Generated<number>;
  display_name: string | null;
  created_at: Ts;
  /** Set while the customer is merged into another (migration 018); its identities, cases and messages are there. */
  merged_into_customer_id: number | null;
  /** JSON `["vip", "b2b"]` (migration 024); routing maps tags to required skills. */
  tags: Generated<string | null>;
}

export interface IdentitiesTable {
  id: Generated<number>;
  customer_id: number;
  channel_account_id: number;
  external_id: string;
  display_name: string | null;
  verified_by: string | null;
  created_at: Ts;
  last_seen_at: Ts;
  /** Set when the customer cannot be reached on this identity (blocked the bot, bounced …). */
  unreachable_reason: string | null;
}

export interface ContactPointsTable {
  id: Generated<number>;
  customer_id: number;
  kind: 'phone' | 'email';
  value: string;
  attested_by: string | null;
  created_at: Ts;
}

export interface CasesTable {
  id: Generated<number>;
  customer_id: number;
  entry_point_id: number;
  queue_id: number;
  status: 'queued' | 'assigned' | 'resolved';
  priority: number;
  assignee_id: number | null;
  last_identity_id: number | null;
  last_message_text: string | null;
  last_message_at: Ts | null;
  unread: number;
  opened_at: Ts;
  first_response_at: Ts | null;
  resolved_at: Ts | null;
  updated_at: Ts;
  /** Who resolved it last: a reopened case goes back to them when they are online with room. */
  resolved_by_id: Generated<number | null>;
  /** Set when a customer merge joined this (resolved) case into another: its messages are there (migration 018). */
  merged_into_case_id: number | null;
  /**
   * The identity the operator chose to reply to (migration 022); null again when the customer writes, so
   * replies follow the customer's latest channel.
   */
  reply_identity_id: Generated<number | null>;
  /** JSON `[{"skillId": 1, "level": 2}]`: the skills the case needs (migration 024). */
  required_skills: Generated<string | null>;
  /** When the case last began to wait in a queue. */
  queued_at: Generated<Ts | null>;
  /** The customer's oldest message an operator has not answered yet (the next-response clock). */
  awaiting_reply_since: Generated<Ts | null>;
  sla_first_due: Generated<Ts | null>;
  sla_next_due: Generated<Ts | null>;
  sla_resolution_due: Generated<Ts | null>;
  /** The worst state of its running clocks: 'ok' | 'warning' | 'breached'; null without an SLA. */
  sla_state: Generated<'ok' | 'warning' | 'breached' | null>;
  overflowed_at: Generated<Ts | null>;
  escalated_at: Generated<Ts | null>;
  /** When the out-of-hours reply went out for the closed period the case waits in. */
  out_of_hours_replied_at: Generated<Ts | null>;
}

export interface MessagesTable {
  id: Generated<number>;
  case_id: number;
  customer_id: number;
  direction: 'in' | 'out' | 'note';
  channel_account_id: number | null;
  identity_id: number | null;
  author_operator_id: number | null;
  text: string;
  /** JSON array of attachment ids. */
  attachments: string;
  /** Provider's id, unique per channel account: provider retries are harmless. */
  external_id: string | null;
  /** Client idempotency key, unique per author (operator or identity). */
  client_msg_id: string | null;
  status: 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  status_reason: string | null;
  created_at: Ts;
  /** JSON `{name, language, params}` when the message is an approved template. */
  template: string | null;
  /** JSON {@link MessageMeta}: subject, automation flag, full text before quote stripping. */
  meta: string | null;
}

export interface AttachmentsTable {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by_operator_id: number | null;
  uploaded_by_identity_id: number | null;
  created_at: Ts;
  /** The message it was sent with; null while it is only uploaded (deleted after a day, see AttachmentStore). */
  message_id: number | null;
}

export interface DeliveriesTable {
  id: Generated<number>;
  message_id: number;
  channel_account_id: number;
  /** The recipient: one pending delivery per recipient is sent at a time, oldest first. */
  identity_id: number | null;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  next_attempt_at: Ts;
  locked_until: Ts | null;
  last_error: string | null;
  created_at: Ts;
  /** Attempts whose answer was lost (timeout or reset after sending): the request may have been carried out. */
  lost_answers: Generated<number>;
}

export interface OutboxEventsTable {
  id: Generated<number>;
  /** Assigned by the relay in commit order; the realtime cursor. */
  seq: number | null;
  type: string;
  audience: 'operators' | 'customer';
  queue_id: number | null;
  operator_id: number | null;
  identity_id: number | null;
  /** The case the event is about (finds its viewers); null for events about no case. */
  case_id: number | null;
  payload: string;
  created_at: Ts;
}

export interface RawEventsTable {
  id: Generated<number>;
  channel_account_id: number;
  /** The provider's idempotency key (Telegram update_id …): a redelivered webhook is stored once. */
  event_key: string;
  /** The request body exactly as received: UTF-8 text, or base64 of bytes that are not UTF-8 (mail). */
  body: string;
  body_encoding: Generated<'utf8' | 'base64'>;
  received_at: Ts;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  next_attempt_at: Ts;
  last_error: string | null;
  /** Why it failed for good, as a stable code (`MALFORMED`, a `ChannelError` code …); null unless failed. */
  error_code: string | null;
  failed_at: Ts | null;
}

export interface ChannelCursorsTable {
  channel_account_id: number;
  name: string;
  value: string;
  updated_at: Ts;
}

/** Inbound events deliberately not turned into messages, counted per account and reason code. */
export interface ChannelIgnoredEventsTable {
  channel_account_id: number;
  code: string;
  count: number;
  last_detail: string;
  last_at: Ts;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_operator_id: number | null;
  action: string;
  target_type: string;
  target_id: string;
  details: string;
  created_at: Ts;
}

/** One merge of two customers and what it moved (`snapshot`, JSON), so that it can be undone exactly. */
export interface CustomerMergesTable {
  id: Generated<number>;
  survivor_id: number;
  merged_id: number;
  /** null: merged by the system (equal attested contact points). */
  actor_operator_id: number | null;
  reason: string;
  snapshot: string;
  created_at: Ts;
  undone_at: Ts | null;
  undone_by_operator_id: number | null;
}

/** A personal API token: only its SHA-256 is kept; `scopes` is a JSON array of scope names. */
export interface ApiTokensTable {
  id: Generated<number>;
  operator_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string;
  created_at: Ts;
  expires_at: Ts | null;
  last_used_at: Ts | null;
  revoked_at: Ts | null;
}

/**
 * A canned reply: personal (`owner_operator_id` set) or shared for one queue (`queue_id`) or all queues (both
 * null). `scope_key` is `personal:<id>`, `queue:<id>` or `all`: a shortcut is unique per scope and language.
 */
export interface CannedRepliesTable {
  id: Generated<number>;
  owner_operator_id: number | null;
  queue_id: number | null;
  scope_key: string;
  title: string;
  shortcut: string;
  body: string;
  language: 'ru' | 'en';
  use_count: Generated<number>;
  last_used_at: Ts | null;
  created_by: number | null;
  created_at: Ts;
  updated_at: Ts;
}

/** SQLite only: the FTS5 index of message terms (rowid = message id), filled by the search indexer. */
export interface MessageSearchFtsTable {
  rowid: number;
  terms: string;
}

/** SQLite only: the highest message id the search indexer has indexed (one row, id 1). */
export interface MessageSearchCursorTable {
  id: number;
  last_message_id: number;
}

/** PostgreSQL only: each message's `tsvector` (Russian configuration), written by a trigger on `messages`. */
export interface MessageSearchTable {
  message_id: number;
  terms: string;
}

export interface SkillsTable {
  id: Generated<number>;
  slug: string;
  name_ru: string;
  name_en: string;
  created_at: Ts;
}

/** An operator's skill and level (1 basic … 5 expert). */
export interface OperatorSkillsTable {
  operator_id: number;
  skill_id: number;
  level: number;
}

/** A skill the cases of an entry point need, at this level or above. */
export interface EntryPointSkillsTable {
  entry_point_id: number;
  skill_id: number;
  level: number;
}

export interface BusinessHoursTable {
  id: Generated<number>;
  name: string;
  /** IANA zone the hours and holidays are local to. */
  time_zone: string;
  /** JSON `{"mon": [["09:00","18:00"]], …}`; a missing day is closed. */
  weekly: string;
  /** JSON `["2027-01-01"]`: local dates closed all day. */
  holidays: Generated<string>;
  created_at: Ts;
}

export interface SlaPoliciesTable {
  id: Generated<number>;
  name: string;
  first_response_seconds: number | null;
  next_response_seconds: number | null;
  resolution_seconds: number | null;
  warn_percent: Generated<number>;
  /** 1: the clocks run only in the entry point's business hours. */
  business_hours_only: Generated<number>;
  overflow_after_seconds: number | null;
  overflow_queue_id: number | null;
  escalate_on_breach: Generated<number>;
  created_at: Ts;
}

export interface PresenceLogTable {
  id: Generated<number>;
  operator_id: number;
  presence: 'online' | 'away' | 'offline';
  reason: string | null;
  started_at: Ts;
  ended_at: Ts | null;
}

export interface SlaEventsTable {
  id: Generated<number>;
  case_id: number;
  clock: 'first_response' | 'next_response' | 'resolution';
  kind: 'warning' | 'breach' | 'met';
  due_at: Ts;
  at: Ts;
}

/** Center-wide settings as JSON under a key (`routing`: docs/routing.md). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Ts;
}

export interface Database {
  queues: QueuesTable;
  entry_points: EntryPointsTable;
  pre_chat_answers: PreChatAnswersTable;
  channel_accounts: ChannelAccountsTable;
  operators: OperatorsTable;
  operator_queues: OperatorQueuesTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  identities: IdentitiesTable;
  contact_points: ContactPointsTable;
  cases: CasesTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  deliveries: DeliveriesTable;
  outbox_events: OutboxEventsTable;
  audit_log: AuditLogTable;
  raw_events: RawEventsTable;
  channel_cursors: ChannelCursorsTable;
  api_tokens: ApiTokensTable;
  channel_ignored_events: ChannelIgnoredEventsTable;
  canned_replies: CannedRepliesTable;
  customer_merges: CustomerMergesTable;
  message_search_fts: MessageSearchFtsTable;
  message_search_cursor: MessageSearchCursorTable;
  message_search: MessageSearchTable;
  skills: SkillsTable;
  operator_skills: OperatorSkillsTable;
  entry_point_skills: EntryPointSkillsTable;
  business_hours: BusinessHoursTable;
  sla_policies: SlaPoliciesTable;
  presence_log: PresenceLogTable;
  sla_events: SlaEventsTable;
  settings: SettingsTable;
}

export type CaseRow = Selectable<CasesTable>;
export type MessageRow = Selectable<MessagesTable>;
export type OperatorRow = Selectable<OperatorsTable>;
export type IdentityRow = Selectable<IdentitiesTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type ContactPointRow = Selectable<ContactPointsTable>;
export type CustomerMergeRow = Selectable<CustomerMergesTable>;
export type OutboxEventRow = Selectable<OutboxEventsTable>;
export type NewOutboxEvent = Insertable<OutboxEventsTable>;
