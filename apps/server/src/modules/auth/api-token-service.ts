import { createHash, randomBytes } from 'node:crypto';
import {
  ApiTokenScope,
  apiTokenPrefix,
  scopesOfRole,
  type ApiToken,
  type CreateApiTokenRequest,
  type CreatedApiToken,
} from '@frontline/shared';
import { z } from 'zod';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import type { OperatorRow } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { OperatorAccounts } from '../operators/operator-accounts.ts';

/** An operator acting through one of their API tokens. */
export interface TokenPrincipal {
  operator: OperatorRow;
  queueIds: number[];
  tokenId: number;
  scopes: ApiTokenScope[];
  expiresAt: string | null;
}

/** Characters of the token kept in clear (`fl_` + 8) to tell tokens apart in lists and the audit log. */
const shownLength = apiTokenPrefix.length + 8;
/** `last_used_at` is written at most this often per token, so a busy script does not write on every call. */
const lastUsedResolutionMs = 60_000;
const StoredScopes = z.array(ApiTokenScope);
const dayMs = 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

function toApiToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: StoredScopes.parse(JSON.parse(row.scopes)),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const columns = [
  'id',
  'name',
  'prefix',
  'scopes',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

/**
 * Personal API tokens for integrations: `fl_` + 32 random bytes (base64url), shown once; only the SHA-256 is kept.
 * Scopes never exceed the owner's role; creation and revocation are audited, use is recorded as `last_used_at`.
 */
export class ApiTokenService {
  constructor(
    private readonly deps: { store: Store; clock: Clock; operators: OperatorAccounts; audit: AuditLog },
  ) {}

  /** The operator's tokens, newest first (revoked ones included, marked). */
  async list(operatorId: number): Promise<ApiToken[]> {
    const rows = await this.deps.store.db
      .selectFrom('api_tokens')
      .select(columns)
      .where('operator_id', '=', operatorId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toApiToken);
  }

  /** Creates a token for `operator`; the answer is the only place the token appears. */
  async create(operator: OperatorRow, request: CreateApiTokenRequest): Promise<CreatedApiToken> {
    const allowed = scopesOfRole[operator.role];
    const beyond = request.scopes.filter((s) => !allowed.includes(s));
    if (beyond.length > 0) {
      throw new AppError(
        'FORBIDDEN',
        `the role ${operator.role} cannot give a token the scopes ${beyond.join(', ')}; allowed: ${allowed.join(', ')}`,
      );
    }
    const token = `${apiTokenPrefix}${randomBytes(32).toString('base64url')}`;
    const now = this.deps.clock.now();
    const scopes = [...new Set(request.scopes)];
    const expiresAt = request.expiresInDays
      ? new Date(now.getTime() + request.expiresInDays * dayMs).toISOString()
      : null;
    const row = await this.deps.store.write(async (tx) => {
      const inserted = await tx.db
        .insertInto('api_tokens')
        .values({
          operator_id: operator.id,
          name: request.name,
          token_hash: hashToken(token),
          prefix: token.slice(0, shownLength),
          scopes: JSON.stringify(scopes),
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(tx, operator.id, 'api_token.create', 'api_token', inserted.id, {
        name: request.name,
        prefix: inserted.prefix,
        scopes,
        expiresAt,
      });
      return inserted;
    });
    return { ...toApiToken(row), token };
  }

  /** Revokes one of the operator's tokens (again: no change). */
  async revoke(operatorId: number, tokenId: number): Promise<ApiToken> {
    const now = this.deps.clock.now().toISOString();
    const row = await this.deps.store.write(async (tx) => {
      const found = await tx.db
        .selectFrom('api_tokens')
        .select(columns)
        .where('id', '=', tokenId)
        .where('operator_id', '=', operatorId)
        .executeTakeFirst();
      if (!found) throw new AppError('API_TOKEN_NOT_FOUND', `you have no API token ${tokenId}`);
      if (found.revoked_at !== null) return found;
      await tx.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).execute();
      await this.deps.audit.record(tx, operatorId, 'api_token.revoke', 'api_token', tokenId, {
        name: found.name,
        prefix: found.prefix,
      });
      return { ...found, revoked_at: now };
    });
    return toApiToken(row);
  }

  /**
   * The operator behind a bearer token; `API_TOKEN_INVALID` (401) when the token is unknown, revoked or expired,
   * or its owner is disabled. Records the use (`last_used_at`, to the minute).
   */
  async authenticate(token: string): Promise<TokenPrincipal> {
    const invalid = () => new AppError('API_TOKEN_INVALID', 'the API token is unknown, revoked or expired');
    if (!token.startsWith(apiTokenPrefix)) throw invalid();
    const row = await this.deps.store.db
      .selectFrom('api_tokens')
      .innerJoin('operators', 'operators.id', 'api_tokens.operator_id')
      .selectAll('operators')
      .select([
        'api_tokens.id as token_id',
        'api_tokens.scopes as token_scopes',
        'api_tokens.expires_at as token_expires_at',
        'api_tokens.last_used_at as token_last_used_at',
        'api_tokens.revoked_at as token_revoked_at',
      ])
      .where('api_tokens.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    const now = this.deps.clock.now();
    if (!row || row.disabled || row.token_revoked_at !== null) throw invalid();
    if (row.token_expires_at !== null && row.token_expires_at <= now.toISOString()) throw invalid();
    const {
      token_id,
      token_scopes,
      token_expires_at,
      token_last_used_at,
      token_revoked_at: _,
      ...operator
    } = row;
    if (
      token_last_used_at === null ||
      Date.parse(token_last_used_at) <= now.getTime() - lastUsedResolutionMs
    ) {
      await this.deps.store.write(async (tx) => {
        await tx.db
          .updateTable('api_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', token_id)
          .execute();
      });
    }
    return {
      operator,
      queueIds: await this.deps.operators.queueIdsOf(operator.id),
      tokenId: token_id,
      scopes: StoredScopes.parse(JSON.parse(token_scopes)),
      expiresAt: token_expires_at,
    };
  }
}
