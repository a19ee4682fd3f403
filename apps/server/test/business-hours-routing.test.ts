import { describe, expect, it } from 'vitest';
import { webchatAdapter } from '../src/channels/webchat/webchat-adapter.ts';
import { builtInOutOfHours } from '../src/modules/business-hours/out-of-hours-reply.ts';
import { caseRow, openWebChatCase } from './support/cases.ts';
import { postChatSession } from './support/chat.ts';
import { webChatInbound } from './support/customers.ts';
import { FakeChannelAdapter } from './support/fake-channel-adapter.ts';
import { startServerForEachTest } from './support/server-lifecycle.ts';
import { moscowWeekdays, setBusinessHours, TestClock } from './support/sla.ts';
import { dialects, loginAs, type TestServer } from './support/test-server.ts';

// Saturday 2026-12-12 15:00 Moscow; the entry point opens on Monday 09:00 Moscow (06:00Z).
const saturday = '2026-12-12T12:00:00.000Z';
const mondayOpening = '2026-12-14T06:00:00.000Z';

describe.each(dialects)('business hours on %s', (dialect) => {
  let server: TestServer;
  const clock = new TestClock(saturday);
  startServerForEachTest(dialect, (s) => (server = s), { workers: false, clock });

  it('a closed entry point holds its cases in the queue; at the opening the watcher routes them', async () => {
    clock.at(saturday);
    await setBusinessHours(server, 1, moscowWeekdays);
    const op = await loginAs(server, { email: 'a@example.com', queueIds: [1], online: true });
    const { caseId } = await openWebChatCase(server, { text: 'anyone there?' });
    expect((await caseRow(server, caseId)).status).toBe('queued');
    // The watcher before the opening changes nothing.
    clock.at('2026-12-14T05:59:00.000Z');
    expect((await server.services.slaWatcher.runOnce(clock.now())).opened).toBe(0);
    expect((await caseRow(server, caseId)).status).toBe('queued');
    clock.at(mondayOpening);
    expect((await server.services.slaWatcher.runOnce(clock.now())).opened).toBe(1);
    const row = await caseRow(server, caseId);
    expect(row).toMatchObject({ status: 'assigned', assignee_id: op.operatorId });
  });

  it('an operator coming online out of hours takes nothing; an entry point without hours routes as before', async () => {
    clock.at(saturday);
    await setBusinessHours(server, 1, moscowWeekdays);
    const held = await openWebChatCase(server, { entryPoint: 'general' });
    const open = await openWebChatCase(server, { entryPoint: 'b2b' });
    await loginAs(server, { email: 'b@example.com', queueIds: [1, 3], online: true });
    expect((await caseRow(server, held.caseId)).status).toBe('queued');
    expect((await caseRow(server, open.caseId)).status).toBe('assigned');
  });

  it('the chat session answer tells the widget whether the entry point is open and when it opens', async () => {
    clock.at(saturday);
    await setBusinessHours(server, 1, moscowWeekdays);
    const closed = await postChatSession(server);
    expect(closed.json()).toMatchObject({ hours: { open: false, opensAt: mondayOpening } });
    const b2b = await postChatSession(server, { entryPoint: 'b2b' });
    expect(b2b.json()).toMatchObject({ hours: { open: true, opensAt: null } });
    clock.at('2026-12-14T07:00:00.000Z');
    expect((await postChatSession(server)).json()).toMatchObject({ hours: { open: true, opensAt: null } });
  });
});

describe.each(dialects)('out-of-hours reply to messenger customers on %s', (dialect) => {
  let server: TestServer;
  const clock = new TestClock(saturday);
  // Web chat without its customer stream stands for a messenger here.
  const messenger = new FakeChannelAdapter(webchatAdapter, { capabilities: { customerStream: false } });
  startServerForEachTest(dialect, (s) => (server = s), {
    workers: false,
    clock,
    adapters: { webchat: messenger.adapter },
  });

  const automaticReplies = async (caseId: number) =>
    (
      await server.store.db
        .selectFrom('messages')
        .select(['text', 'meta', 'author_operator_id'])
        .where('case_id', '=', caseId)
        .where('direction', '=', 'out')
        .orderBy('id')
        .execute()
    ).filter((m) => (m.meta ?? '').includes('out-of-hours'));

  it('is sent once per closed period per case, through the outbound queue', async () => {
    clock.at(saturday);
    await setBusinessHours(server, 1, moscowWeekdays);
    const first = await webChatInbound(server, { externalId: 'tg-1', text: 'hello?' });
    clock.plus(600);
    await webChatInbound(server, { externalId: 'tg-1', text: 'hello??' });
    const caseId = first.case_id;
    let replies = await automaticReplies(caseId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(`${builtInOutOfHours.ru}\n\n${builtInOutOfHours.en}`);
    expect(replies[0]?.author_operator_id).toBeNull();
    const delivery = await server.store.db
      .selectFrom('deliveries')
      .innerJoin('messages', 'messages.id', 'deliveries.message_id')
      .select('deliveries.status')
      .where('messages.case_id', '=', caseId)
      .execute();
    expect(delivery.map((d) => d.status)).toEqual(['pending']);
    // Open on Monday (nobody online: the case still waits), then closed again in the evening.
    clock.at('2026-12-14T08:00:00.000Z');
    await webChatInbound(server, { externalId: 'tg-1', text: 'now?' });
    expect(await automaticReplies(caseId)).toHaveLength(1);
    clock.at('2026-12-14T16:00:00.000Z');
    await webChatInbound(server, { externalId: 'tg-1', text: 'evening' });
    await webChatInbound(server, { externalId: 'tg-1', text: 'evening again' });
    replies = await automaticReplies(caseId);
    expect(replies).toHaveLength(2);
    expect((await caseRow(server, caseId)).out_of_hours_replied_at).toBe('2026-12-14T16:00:00.000Z');
  });

  it("uses the entry point's own text", async () => {
    clock.at(saturday);
    await setBusinessHours(server, 1, moscowWeekdays);
    await server.store.db
      .updateTable('entry_points')
      .set({ out_of_hours_ru: 'Мы откроемся в понедельник.', out_of_hours_en: 'We open on Monday.' })
      .where('id', '=', 1)
      .execute();
    const m = await webChatInbound(server, { externalId: 'tg-2' });
    expect((await automaticReplies(m.case_id)).map((r) => r.text)).toEqual([
      'Мы откроемся в понедельник.\n\nWe open on Monday.',
    ]);
  });
});
