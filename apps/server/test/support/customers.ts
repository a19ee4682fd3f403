import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { ContactPointInput } from '../../src/modules/customers/upsert-identity.ts';
import type { MessageRow } from '../../src/store/schema.ts';
import { authHeaders, type LoggedIn, type TestServer } from './test-server.ts';

/** A web-chat message from the identity `externalId` (created on first use), stored through the case core. */
export async function webChatInbound(
  server: TestServer,
  spec: {
    externalId: string;
    text?: string;
    /** Default 1 (queue 1). */
    entryPointId?: number;
    displayName?: string;
    verifiedBy?: string;
    contactPoints?: ContactPointInput[];
  },
): Promise<MessageRow> {
  const account = server.services.channels.firstOfKind('webchat');
  const { message } = await server.services.cases.receiveInbound({
    channelAccountId: account.id,
    externalMessageId: `m-${randomBytes(6).toString('hex')}`,
    identity: {
      channelAccountId: account.id,
      externalId: spec.externalId,
      ...(spec.displayName === undefined ? {} : { displayName: spec.displayName }),
      ...(spec.verifiedBy === undefined ? {} : { verifiedBy: spec.verifiedBy }),
      ...(spec.contactPoints === undefined ? {} : { contactPoints: spec.contactPoints }),
    },
    entryPointId: spec.entryPointId ?? 1,
    text: spec.text ?? 'hello',
    attachments: [],
  });
  return message;
}

/** Every row of the tables a merge touches, in id order: to compare before a merge and after its undo. */
export async function customerTables(server: TestServer) {
  const { db } = server.store;
  return {
    customers: await db.selectFrom('customers').selectAll().orderBy('id').execute(),
    identities: await db.selectFrom('identities').selectAll().orderBy('id').execute(),
    contactPoints: await db.selectFrom('contact_points').selectAll().orderBy('id').execute(),
    cases: await db.selectFrom('cases').selectAll().orderBy('id').execute(),
    messages: await db.selectFrom('messages').selectAll().orderBy('id').execute(),
  };
}

/** `POST /api/v1/customers/:id/merge` as `as`, answered as it is. */
export function postMerge(
  server: TestServer,
  as: LoggedIn,
  customerId: number,
  otherCustomerId: number,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST',
    url: `/api/v1/customers/${customerId}/merge`,
    headers: authHeaders(as),
    payload: { otherCustomerId },
  });
}

/** `POST /api/v1/customer-merges/:id/undo` as `as`, answered as it is. */
export function postUndo(server: TestServer, as: LoggedIn, mergeId: number): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'POST',
    url: `/api/v1/customer-merges/${mergeId}/undo`,
    headers: authHeaders(as),
  });
}

/** `GET /api/v1/customers/:id` as `as`, answered as it is. */
export function getCard(
  server: TestServer,
  as: LoggedIn,
  customerId: number,
): Promise<LightMyRequestResponse> {
  return server.app.inject({
    method: 'GET',
    url: `/api/v1/customers/${customerId}`,
    headers: authHeaders(as),
  });
}
