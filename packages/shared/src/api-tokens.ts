import { z } from 'zod';
import type { Role } from './domain.ts';

/**
 * What an API token may do. A token never gets more than its owner's role allows (`scopesOfRole`), and every
 * request it makes is also checked against the owner's current role.
 */
export const ApiTokenScope = z.enum([
  'cases:read',
  'cases:write',
  'operators:read',
  'operators:write',
  'operators:admin',
  'channels:admin',
  'audit:read',
]);
export type ApiTokenScope = z.infer<typeof ApiTokenScope>;

const operatorScopes: ApiTokenScope[] = ['cases:read', 'cases:write', 'operators:read', 'operators:write'];

/** The scopes a role may give its tokens. */
export const scopesOfRole: Record<Role, readonly ApiTokenScope[]> = {
  operator: operatorScopes,
  supervisor: [...operatorScopes, 'audit:read'],
  admin: ApiTokenScope.options,
};

/** The recognisable start of every API token (secret scanners and people can tell what leaked). */
export const apiTokenPrefix = 'fl_';

export const ApiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the token (`fl_AbCd1234`), to tell tokens apart; the rest is never shown again. */
  prefix: z.string(),
  scopes: z.array(ApiTokenScope),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiTokenRequest = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ApiTokenScope).min(1).max(ApiTokenScope.options.length),
  /** Days until the token stops working; omitted or null: it works until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

/** The answer to creating a token: the only time the token itself is shown. */
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
