import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disableReopenWindow, resolveCase } from './support/cases.ts';
import { getCard, postMerge, postUndo, webChatInbound } from './support/customers.ts';
import { errorCode } from './support/helpers.ts';
import { loginOfflineOperator, loginSupervisor } from './support/people.ts';
import {
  authHeaders,
  dialects,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

interface Card {
  displayName: string | null;
  mergedIntoCustomerId: number | null;
  contactPoints: Array<{ id: number; kind: string; value: string; attestedBy: string | null }>;
  identities: Array<{ externalId: string; channelKind: string; verifiedBy: string | null }>;
  cases: Array<{ id: number; outcome: string; mergedIntoCaseId: number | null }>;
  suggestions: Array<{ customerId: number }>;
  merges: Array<{ id: number; by: string; mergedId: number }>;
  canMerge: boolean;
}

describe.each(dialects)('the customer card and who may merge on %s', (dialect) => {
  let server: TestServer;
  let sup: LoggedIn;
  let op: LoggedIn;
  let anna: number;
  let boris: number;
  let carl: number;

  async function start(env?: Record<string, string>) {
    server = await startTestServer(dialect, { workers: false, ...(env ? { env } : {}) });
    sup = await loginSupervisor(server, 'sup@example.com');
    // Offline: the cases of queue 1 stay queued there, visible to this operator through the queue only.
    op = await loginOfflineOperator(server, 'op@example.com', [1]);
    anna = (
      await webChatInbound(server, {
        externalId: 'user:anna',
        displayName: 'Anna',
        verifiedBy: 'jwt',
        contactPoints: [{ kind: 'phone', value: '+79160000001', attestedBy: 'jwt' }],
      })
    ).customer_id;
    boris = (await webChatInbound(server, { externalId: 'visitor:boris', displayName: 'Boris' })).customer_id;
    // Carl writes to queue 3, which the operator is not in; he has Anna's name.
    carl = (
      await webChatInbound(server, { externalId: 'visitor:carl', displayName: 'Anna', entryPointId: 3 })
    ).customer_id;
  }
  afterEach(() => server.close());

  describe('with the default permissions', () => {
    beforeEach(() => start());

    it('an operator may not merge or undo (403 FORBIDDEN); a supervisor may', async () => {
      const refused = await postMerge(server, op, anna, boris);
      expect(refused.statusCode).toBe(403);
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect((await getCard(server, op, anna)).json<Card>().canMerge).toBe(false);
      expect((await getCard(server, sup, anna)).json<Card>().canMerge).toBe(true);
      const merged = await postMerge(server, sup, anna, boris);
      expect(merged.statusCode, merged.body).toBe(200);
      const undo = await postUndo(server, op, merged.json<{ mergeId: number }>().mergeId);
      expect(undo.statusCode).toBe(403);
      expect(errorCode(undo)).toBe('FORBIDDEN');
    });

    it('a concurrent merge of the same pair: one wins, the other gets 409 CUSTOMER_ALREADY_MERGED', async () => {
      const answers = await Promise.all([
        postMerge(server, sup, anna, boris),
        postMerge(server, sup, boris, anna),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      const loser = answers.find((a) => a.statusCode === 409);
      expect(loser && errorCode(loser)).toBe('CUSTOMER_ALREADY_MERGED');
      expect(await server.store.db.selectFrom('customer_merges').selectAll().execute()).toHaveLength(1);
      const open = await server.store.db
        .selectFrom('cases')
        .select('customer_id')
        .where('status', '<>', 'resolved')
        .where('queue_id', '=', 1)
        .execute();
      expect(open).toHaveLength(1);
    });

    it('shows contact points, identities, cases with outcomes and undoable merges; edits the card', async () => {
      // Boris's next message opens a second case: no reopen window (docs/continuity.md).
      await disableReopenWindow(server);
      const first = await webChatInbound(server, { externalId: 'visitor:boris', text: 'again' });
      await resolveCase(server, sup, first.case_id);
      await webChatInbound(server, { externalId: 'visitor:boris', text: 'a new case' });
      const merged = await postMerge(server, sup, anna, boris);
      const { mergeId, closedCaseId, keptCaseId } = merged.json<{
        mergeId: number;
        closedCaseId: number;
        keptCaseId: number;
      }>();
      const card = (await getCard(server, sup, anna)).json<Card>();
      expect(card.contactPoints).toEqual([
        expect.objectContaining({ kind: 'phone', value: '+79160000001', attestedBy: 'jwt' }),
      ]);
      expect(card.identities.map((i) => [i.externalId, i.channelKind, i.verifiedBy])).toEqual([
        ['user:anna', 'webchat', 'jwt'],
        ['visitor:boris', 'webchat', null],
      ]);
      expect(card.cases.map((c) => c.outcome).sort()).toEqual(['merged', 'open', 'resolved']);
      expect(card.cases.find((c) => c.id === closedCaseId)?.mergedIntoCaseId).toBe(keptCaseId);
      expect(card.merges).toEqual([
        expect.objectContaining({ id: mergeId, by: 'operator', mergedId: boris }),
      ]);
      const gone = (await getCard(server, sup, boris)).json<Card>();
      expect(gone.mergedIntoCustomerId).toBe(anna);
      const renameGone = await server.app.inject({
        method: 'PATCH',
        url: `/api/v1/customers/${boris}`,
        headers: authHeaders(sup),
        payload: { displayName: 'B' },
      });
      expect(errorCode(renameGone)).toBe('CUSTOMER_ALREADY_MERGED');

      const renamed = await server.app.inject({
        method: 'PATCH',
        url: `/api/v1/customers/${anna}`,
        headers: authHeaders(op),
        payload: { displayName: 'Anna Lee' },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json<Card>().displayName).toBe('Anna Lee');

      const add = (value: string) =>
        server.app.inject({
          method: 'POST',
          url: `/api/v1/customers/${anna}/contact-points`,
          headers: authHeaders(op),
          payload: { kind: 'phone', value },
        });
      const added = await add('8 (916) 555-00-11');
      expect(added.statusCode, added.body).toBe(201);
      const point = added.json<Card>().contactPoints.find((c) => c.value === '+79165550011');
      expect(point?.attestedBy).toBeNull();
      expect(errorCode(await add('+7 916 555 00 11'))).toBe('CONTACT_POINT_EXISTS');
      expect(errorCode(await add('12'))).toBe('VALIDATION_FAILED');

      const remove = (id: number) =>
        server.app.inject({
          method: 'DELETE',
          url: `/api/v1/customers/${anna}/contact-points/${id}`,
          headers: authHeaders(op),
        });
      const attested = card.contactPoints[0]?.id ?? 0;
      expect(errorCode(await remove(attested))).toBe('CONTACT_POINT_ATTESTED');
      expect((await remove(point?.id ?? 0)).statusCode).toBe(200);
      expect(errorCode(await remove(point?.id ?? 0))).toBe('CONTACT_POINT_NOT_FOUND');

      expect((await postUndo(server, sup, mergeId)).statusCode).toBe(200);
      expect((await getCard(server, sup, anna)).json<Card>().merges).toEqual([]);
    });

    it('a merge whose survivor was merged on cannot be undone before the later one (409 MERGE_NOT_UNDOABLE)', async () => {
      const first = (await postMerge(server, sup, anna, boris)).json<{ mergeId: number }>().mergeId;
      const second = (await postMerge(server, sup, carl, anna)).json<{ mergeId: number }>().mergeId;
      const early = await postUndo(server, sup, first);
      expect(early.statusCode).toBe(409);
      expect(errorCode(early)).toBe('MERGE_NOT_UNDOABLE');
      expect((await postUndo(server, sup, second)).statusCode).toBe(200);
      expect((await postUndo(server, sup, first)).statusCode).toBe(200);
      const customers = await server.store.db
        .selectFrom('customers')
        .select('merged_into_customer_id')
        .where('id', 'in', [anna, boris, carl])
        .execute();
      expect(customers.every((c) => c.merged_into_customer_id === null)).toBe(true);
    });
  });

  describe('with MERGE_ROLES=operator,supervisor,admin', () => {
    beforeEach(() => start({ MERGE_ROLES: 'operator,supervisor,admin' }));

    it('an operator merges customers of their queue, not one whose cases they cannot see (403)', async () => {
      const card = (await getCard(server, op, anna)).json<Card>();
      expect(card.canMerge).toBe(true);
      // Carl has Anna's name but sits in queue 3: not suggested to this operator, not readable either.
      expect(card.suggestions).toEqual([]);
      expect((await getCard(server, sup, anna)).json<Card>().suggestions).toEqual([
        expect.objectContaining({ customerId: carl }),
      ]);
      const hidden = await getCard(server, op, carl);
      expect(hidden.statusCode).toBe(404);
      expect(errorCode(hidden)).toBe('CUSTOMER_NOT_FOUND');

      const otherQueue = await postMerge(server, op, anna, carl);
      expect(otherQueue.statusCode).toBe(403);
      expect(errorCode(otherQueue)).toBe('CUSTOMER_NOT_VISIBLE');
      const bySup = await postMerge(server, sup, anna, carl);
      const undo = await postUndo(server, op, bySup.json<{ mergeId: number }>().mergeId);
      expect(undo.statusCode).toBe(403);
      expect(errorCode(undo)).toBe('CUSTOMER_NOT_VISIBLE');
      expect((await postUndo(server, sup, bySup.json<{ mergeId: number }>().mergeId)).statusCode).toBe(200);

      const merged = await postMerge(server, op, anna, boris);
      expect(merged.statusCode, merged.body).toBe(200);
      expect((await postUndo(server, op, merged.json<{ mergeId: number }>().mergeId)).statusCode).toBe(200);
    });
  });
});
