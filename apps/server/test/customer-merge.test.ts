import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disableReopenWindow, resolveCase } from './support/cases.ts';
import { customerTables, getCard, postMerge, postUndo, webChatInbound } from './support/customers.ts';
import { errorCode } from './support/helpers.ts';
import { loginSupervisor } from './support/people.ts';
import {
  authHeaders,
  dialects,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const phone = (n: number) => `+7916000000${n}`;

describe.each(dialects)('merging customers on %s', (dialect) => {
  let server: TestServer;
  let sup: LoggedIn;

  beforeEach(async () => {
    server = await startTestServer(dialect, { workers: false });
    sup = await loginSupervisor(server, 'sup@example.com');
  });
  afterEach(() => server.close());

  /**
   * Anna (A) wrote once (case resolved) and again (open case); Boris (B) wrote in between (his open case is
   * older than Anna's second one). B also has Anna's e-mail, attested, which Anna only claimed.
   */
  async function twoCustomers() {
    // Anna's second message opens a second case: no reopen window (docs/continuity.md).
    await disableReopenWindow(server);
    const a1 = await webChatInbound(server, {
      externalId: 'visitor:anna',
      contactPoints: [
        { kind: 'phone', value: phone(1), attestedBy: null },
        { kind: 'email', value: 'anna@example.com', attestedBy: null },
      ],
    });
    await resolveCase(server, sup, a1.case_id);
    const b1 = await webChatInbound(server, {
      externalId: 'user:boris',
      displayName: 'Boris',
      verifiedBy: 'jwt',
      entryPointId: 2,
      text: 'b one',
      contactPoints: [
        { kind: 'phone', value: phone(2), attestedBy: 'jwt' },
        { kind: 'email', value: 'anna@example.com', attestedBy: 'jwt' },
      ],
    });
    const b2 = await webChatInbound(server, { externalId: 'user:boris', text: 'b two' });
    const a2 = await webChatInbound(server, { externalId: 'visitor:anna', text: 'a two' });
    const a3 = await webChatInbound(server, { externalId: 'visitor:anna', text: 'a three' });
    expect(a2.case_id).not.toBe(a1.case_id);
    return {
      anna: a1.customer_id,
      boris: b1.customer_id,
      annaResolved: a1.case_id,
      annaOpen: a2.case_id,
      borisOpen: b1.case_id,
      annaOpenMessages: [a2.id, a3.id],
      borisMessages: [b1.id, b2.id],
    };
  }

  it('undoing a merge restores every customer, identity, contact point, case and message row exactly', async () => {
    const x = await twoCustomers();
    const before = await customerTables(server);

    const merged = await postMerge(server, sup, x.anna, x.boris);
    expect(merged.statusCode, merged.body).toBe(200);
    // Boris's open case is the older one: it keeps going, with Anna's open case's messages in it.
    expect(merged.json()).toMatchObject({
      survivorId: x.anna,
      mergedId: x.boris,
      keptCaseId: x.borisOpen,
      closedCaseId: x.annaOpen,
    });
    const during = await customerTables(server);
    expect(during.identities.every((i) => i.customer_id === x.anna)).toBe(true);
    expect(during.messages.every((m) => m.customer_id === x.anna)).toBe(true);
    expect(during.contactPoints.filter((c) => c.customer_id === x.boris)).toEqual([]);
    // The e-mail is not doubled; Boris's attestation now attests Anna's copy.
    expect(during.contactPoints.map((c) => [c.kind, c.value, c.attested_by]).sort()).toEqual([
      ['email', 'anna@example.com', 'jwt'],
      ['phone', phone(1), null],
      ['phone', phone(2), 'jwt'],
    ]);
    expect(during.customers.find((c) => c.id === x.anna)?.display_name).toBe('Boris');
    expect(during.customers.find((c) => c.id === x.boris)?.merged_into_customer_id).toBe(x.anna);

    const undo = await postUndo(server, sup, merged.json<{ mergeId: number }>().mergeId);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ closedCaseRestoredOpen: true });
    expect(await customerTables(server)).toEqual(before);
  });

  it('joins the open cases: no message lost or doubled, the emptied case closed and out of the inbox', async () => {
    const x = await twoCustomers();
    const before = await customerTables(server);
    const merged = await postMerge(server, sup, x.anna, x.boris);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await customerTables(server);
    expect(after.messages.map((m) => m.id)).toEqual(before.messages.map((m) => m.id));
    const inKept = after.messages.filter((m) => m.case_id === x.borisOpen).map((m) => m.id);
    expect(inKept.sort((p, q) => p - q)).toEqual(
      [...x.borisMessages, ...x.annaOpenMessages].sort((p, q) => p - q),
    );
    expect(after.messages.filter((m) => m.case_id === x.annaOpen)).toEqual([]);

    const open = after.cases.filter((c) => c.status !== 'resolved');
    expect(open.map((c) => [c.id, c.customer_id])).toEqual([[x.borisOpen, x.anna]]);
    const kept = after.cases.find((c) => c.id === x.borisOpen);
    const keptBefore = before.cases.find((c) => c.id === x.borisOpen);
    const closedBefore = before.cases.find((c) => c.id === x.annaOpen);
    expect(kept?.unread).toBe((keptBefore?.unread ?? 0) + (closedBefore?.unread ?? 0));
    expect(kept?.last_message_text).toBe('a three');
    expect(after.cases.find((c) => c.id === x.annaOpen)).toMatchObject({
      status: 'resolved',
      merged_into_case_id: x.borisOpen,
      customer_id: x.anna,
    });

    const inbox = await server.app.inject({ method: 'GET', url: '/api/v1/cases', headers: authHeaders(sup) });
    const ids = inbox.json<Array<{ id: number }>>().map((c) => c.id);
    expect(ids).toContain(x.borisOpen);
    expect(ids).toContain(x.annaResolved);
    expect(ids).not.toContain(x.annaOpen);

    // Open workspaces hear of it: the closed case (resolved, pointing at the kept one) and the kept case.
    const events = await server.store.db
      .selectFrom('outbox_events')
      .select(['case_id', 'payload'])
      .where('type', '=', 'case.updated')
      .where('case_id', 'in', [x.annaOpen, x.borisOpen])
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    const summaries = events.map((e) => (JSON.parse(e.payload) as { case: Record<string, unknown> }).case);
    expect(summaries).toContainEqual(
      expect.objectContaining({ id: x.annaOpen, status: 'resolved', mergedIntoCaseId: x.borisOpen }),
    );
    expect(summaries).toContainEqual(expect.objectContaining({ id: x.borisOpen, customerId: x.anna }));

    // Reopening the emptied case is refused; it stays closed.
    const reopen = await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${x.annaOpen}/reopen`,
      headers: authHeaders(sup),
    });
    expect(reopen.statusCode).toBe(409);
  });

  it('an undo after the survivor opened a new case restores the closed case as resolved, its messages in it', async () => {
    const x = await twoCustomers();
    const merged = await postMerge(server, sup, x.anna, x.boris);
    await resolveCase(server, sup, x.borisOpen);
    const later = await webChatInbound(server, { externalId: 'visitor:anna', text: 'after the merge' });
    expect(later.case_id).not.toBe(x.borisOpen);

    const undo = await postUndo(server, sup, merged.json<{ mergeId: number }>().mergeId);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toMatchObject({ closedCaseRestoredOpen: false });
    const after = await customerTables(server);
    expect(after.cases.find((c) => c.id === x.annaOpen)).toMatchObject({
      customer_id: x.anna,
      status: 'resolved',
      merged_into_case_id: null,
    });
    expect(after.cases.find((c) => c.id === later.case_id)).toMatchObject({
      customer_id: x.anna,
      status: 'queued',
    });
    const annaOpen = after.messages.filter((m) => m.case_id === x.annaOpen).map((m) => m.id);
    expect(annaOpen).toEqual(x.annaOpenMessages);
    expect(after.messages.filter((m) => m.case_id === x.borisOpen).map((m) => m.customer_id)).toEqual([
      x.boris,
      x.boris,
    ]);
  });

  it('is audited, for the merge and for its undo', async () => {
    const x = await twoCustomers();
    const merged = await postMerge(server, sup, x.anna, x.boris);
    const { mergeId } = merged.json<{ mergeId: number }>();
    await postUndo(server, sup, mergeId);
    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_operator_id', 'details'])
      .where('action', 'in', ['customer.merge', 'customer.unmerge'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_operator_id])).toEqual([
      ['customer.merge', sup.operatorId],
      ['customer.unmerge', sup.operatorId],
    ]);
    expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({
      mergeId,
      mergedId: x.boris,
      by: 'operator',
    });
    const again = await postUndo(server, sup, mergeId);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('MERGE_ALREADY_UNDONE');
  });

  it('an existing identity that gains an attested e-mail another customer has attested is merged automatically', async () => {
    const signed = await webChatInbound(server, {
      externalId: 'user:olga',
      verifiedBy: 'jwt',
      contactPoints: [{ kind: 'email', value: 'olga@example.com', attestedBy: 'jwt' }],
    });
    // Olga on another device, anonymous at first: a customer of her own.
    const anon = await webChatInbound(server, { externalId: 'visitor:olga-phone', text: 'hi again' });
    expect(anon.customer_id).not.toBe(signed.customer_id);
    const before = await customerTables(server);

    const later = await webChatInbound(server, {
      externalId: 'visitor:olga-phone',
      text: 'now signed in',
      contactPoints: [{ kind: 'email', value: 'olga@example.com', attestedBy: 'jwt' }],
    });
    expect(later.customer_id).toBe(signed.customer_id);
    expect(later.case_id).toBe(signed.case_id);
    const merge = await server.store.db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    expect(merge).toMatchObject({
      survivor_id: signed.customer_id,
      merged_id: anon.customer_id,
      actor_operator_id: null,
    });
    const audit = await server.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.merge')
      .executeTakeFirstOrThrow();
    expect(audit.actor_operator_id).toBeNull();
    expect(JSON.parse(audit.details)).toMatchObject({ by: 'system' });

    // Reversible like any merge: the message written after it stays in the joined case.
    const undo = await postUndo(server, sup, merge.id);
    expect(undo.statusCode, undo.body).toBe(200);
    const after = await customerTables(server);
    expect(after.identities).toEqual(before.identities);
    expect(after.messages.filter((m) => m.id !== later.id)).toEqual(before.messages);
    expect(after.messages.find((m) => m.id === later.id)?.case_id).toBe(signed.case_id);
    // The attested e-mail Olga's second identity brought stays hers: attested on both sides, now a suggestion.
    const card = await getCard(server, sup, anon.customer_id);
    expect(card.json<{ suggestions: unknown[] }>().suggestions).toEqual([
      {
        customerId: signed.customer_id,
        displayName: null,
        reasons: [{ kind: 'email', value: 'olga@example.com', attested: true }],
      },
    ]);
  });

  it('a claimed phone equal to another customer’s never merges: it is only suggested, like the same name', async () => {
    const attested = await webChatInbound(server, {
      externalId: 'user:ivan',
      displayName: 'Ivan Petrov',
      verifiedBy: 'jwt',
      contactPoints: [{ kind: 'phone', value: phone(5), attestedBy: 'jwt' }],
    });
    const claimed = await webChatInbound(server, {
      externalId: 'visitor:ivan-form',
      contactPoints: [{ kind: 'phone', value: phone(5), attestedBy: null }],
    });
    const namesake = await webChatInbound(server, {
      externalId: 'visitor:ivan-2',
      displayName: 'Ivan Petrov',
    });
    expect(new Set([attested.customer_id, claimed.customer_id, namesake.customer_id]).size).toBe(3);
    expect(await server.store.db.selectFrom('customer_merges').selectAll().execute()).toEqual([]);

    const card = await getCard(server, sup, attested.customer_id);
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json<{ suggestions: unknown[] }>().suggestions).toEqual([
      {
        customerId: claimed.customer_id,
        displayName: null,
        reasons: [{ kind: 'phone', value: phone(5), attested: false }],
      },
      {
        customerId: namesake.customer_id,
        displayName: 'Ivan Petrov',
        reasons: [{ kind: 'name', value: 'Ivan Petrov', attested: false }],
      },
    ]);
  });
});
