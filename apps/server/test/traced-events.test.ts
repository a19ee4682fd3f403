import { viberCallbacks, whatsappPayloads, type ViberFake, type WhatsAppFake } from '@frontline/fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForLength } from './support/wait-for-length.ts';
import { connectViber, connectWhatsApp, listedChannel } from './support/channels.ts';
import { startListeningServer } from './support/listening-server.ts';
import { loginAdmin } from './support/people.ts';
import { startViber, startWhatsApp } from './support/provider-fakes.ts';
import { dialects, eventually, type LoggedIn, type TestServer } from './support/test-server.ts';

const wa = { accessToken: 'EAAGtracedTestToken0123456789', appSecret: 'traced_app_secret_1' };
const phoneNumberId = '106540352242922';
const viberToken = '4a5da6az1s345z78-dazcczb2542zv51a-e0vc5ftraced1';
const oldNumber = { waId: '16505551234', name: 'Sheena' };

/** Nothing a provider sends is dropped without a trace: moved, shown, placeholdered, or counted and listed. */
describe.each(dialects)('inbound events that are not plain messages, on %s', (dialect) => {
  let whatsapp: WhatsAppFake;
  let viber: ViberFake;
  let server: TestServer;
  let admin: LoggedIn;
  let waChannel: number;
  let viberChannel: number;

  beforeEach(async () => {
    whatsapp = await startWhatsApp({ ...wa, phoneNumberId });
    viber = await startViber({ authToken: viberToken });
    let base: string;
    ({ server, base } = await startListeningServer(dialect));
    admin = await loginAdmin(server);
    waChannel = await connectWhatsApp(server, admin, {
      name: 'WhatsApp',
      fake: whatsapp,
      base,
      phoneNumberId,
      ...wa,
      verifyToken: 'verify-traced',
    });
    viberChannel = await connectViber(server, admin, {
      name: 'Viber',
      apiRoot: viber.url,
      authToken: viberToken,
    });
  });
  afterEach(async () => {
    await server.close();
    await Promise.all([whatsapp.close(), viber.close()]);
  });

  const messages = () => server.store.db.selectFrom('messages').selectAll().orderBy('id').execute();
  const allDone = () =>
    eventually(async () => {
      const pending = await server.store.db
        .selectFrom('raw_events')
        .select('id')
        .where('status', '<>', 'done')
        .execute();
      expect(pending).toEqual([]);
    });
  const channel = async (id: number) => (await listedChannel(server, admin, id)).view;

  it('user_changed_number moves the identity to the new wa_id, attests the new phone and notes it in the case', async () => {
    await whatsapp.state.push(whatsappPayloads.text({ from: oldNumber, body: 'Hello from my old phone' }));
    await eventually(async () => expect(await messages()).toHaveLength(1));
    await whatsapp.state.push(
      whatsappPayloads.userChangedNumber({ from: oldNumber, newWaId: '16505559999' }),
    );
    const note = await eventually(async () => {
      const rows = await messages();
      expect(rows).toHaveLength(2);
      return rows[1]!;
    });
    expect(note).toMatchObject({
      direction: 'note',
      case_id: (await messages())[0]!.case_id,
      text: 'Changed their WhatsApp number from +16505551234 to +16505559999',
    });
    // The note is also structured, so the workspace shows it in the operator's language.
    expect(JSON.parse(note.meta ?? '{}')).toEqual({
      notices: [{ code: 'number_changed', channel: 'whatsapp', from: '+16505551234', to: '+16505559999' }],
    });
    const identities = await server.store.db
      .selectFrom('identities')
      .selectAll()
      .where('channel_account_id', '=', waChannel)
      .execute();
    expect(identities.map((i) => i.external_id)).toEqual(['16505559999']);
    const phones = await server.store.db
      .selectFrom('contact_points')
      .select(['value', 'attested_by'])
      .where('customer_id', '=', identities[0]!.customer_id)
      .orderBy('value')
      .execute();
    expect(phones).toEqual([
      { value: '+16505551234', attested_by: 'whatsapp' },
      { value: '+16505559999', attested_by: 'whatsapp' },
    ]);
    // The customer goes on writing from the new number: the same identity, the same case.
    await whatsapp.state.push(
      whatsappPayloads.text({ from: { waId: '16505559999', name: 'Sheena' }, body: 'New phone, same me' }),
    );
    const rows = await waitForLength(messages, 3);
    expect(rows[2]).toMatchObject({ identity_id: identities[0]!.id, case_id: rows[0]!.case_id });
  });

  it('an order, a flow reply and an ad referral pushed through the fake are stored readable', async () => {
    await whatsapp.state.push(
      whatsappPayloads.adReferral({
        from: oldNumber,
        body: 'Is it in stock?',
        headline: 'Winter sale',
        sourceUrl: 'https://fb.me/ad1',
      }),
    );
    await eventually(async () => expect(await messages()).toHaveLength(1));
    await whatsapp.state.push(
      whatsappPayloads.order({
        from: oldNumber,
        catalogId: 'CAT1',
        items: [{ productRetailerId: 'SKU-1', quantity: 3, itemPrice: 2.5, currency: 'USD' }],
      }),
    );
    await eventually(async () => expect(await messages()).toHaveLength(2));
    await whatsapp.state.push(whatsappPayloads.flowReply({ from: oldNumber, answers: { city: 'Lisbon' } }));
    const rows = await waitForLength(messages, 3);
    expect(rows.map((r) => r.text)).toEqual([
      'Is it in stock?\n📣 From an ad: "Winter sale" (https://fb.me/ad1)',
      '🛒 Order from catalog CAT1 (1 item)\n• 3 × SKU-1 — 2.5 USD\nTotal: 7.5 USD',
      '📝 Form answers:\ncity: Lisbon',
    ]);
    const notices = (r: { meta: string | null }): unknown =>
      (JSON.parse(r.meta ?? '{}') as { notices?: unknown }).notices;
    expect(rows.map(notices)).toEqual([
      [{ code: 'referral', sourceType: 'ad', headline: 'Winter sale', body: null, url: 'https://fb.me/ad1' }],
      [
        {
          code: 'order',
          catalogId: 'CAT1',
          items: [{ productId: 'SKU-1', quantity: 3, price: 2.5, currency: 'USD' }],
        },
      ],
      [{ code: 'form_answers', answers: [{ field: 'city', value: 'Lisbon' }] }],
    ]);
  });

  it('value.errors marks the channel unhealthy with the error WhatsApp reported', async () => {
    await whatsapp.state.push(
      whatsappPayloads.errors({
        errors: [
          {
            code: 131045,
            title: 'Incorrect certificate',
            message: 'Incorrect certificate',
            error_data: { details: 'Message failed to send due to a phone number registration error.' },
          },
        ],
      }),
    );
    await allDone();
    const view = await channel(waChannel);
    expect(view.health).toMatchObject({ ok: false });
    expect(view.health?.detail).toContain('131045: Incorrect certificate');
    expect(view.health?.detail).toContain('phone number registration error');
  });

  it('a Viber message of an unknown type becomes a placeholder message in a case', async () => {
    await viber.state.push(
      viberToken,
      viberCallbacks.unknownMessage({
        sender: { id: '01234567890A=', name: 'Yarden', apiVersion: 10 },
        type: 'rich_media_v9',
      }),
    );
    const [row] = await waitForLength(messages, 1);
    expect(row).toMatchObject({
      channel_account_id: viberChannel,
      direction: 'in',
      text: '⚠️ The customer sent a Viber message of type "rich_media_v9" that Frontline cannot show',
    });
    expect(JSON.parse(row?.meta ?? '{}')).toEqual({
      notices: [{ code: 'unsupported_type', channel: 'viber', type: 'rich_media_v9' }],
    });
  });

  it('ignored events are counted by reason in the metric and listed per channel with the latest detail', async () => {
    await whatsapp.state.push(
      whatsappPayloads.status({ id: 'wamid.UNKNOWN1', status: 'deleted', recipient: oldNumber }),
    );
    await whatsapp.state.push(
      whatsappPayloads.text({ from: oldNumber, body: 'hi', phoneNumberId: '999999999999' }),
    );
    await whatsapp.state.push(
      whatsappPayloads.status({ id: 'wamid.UNKNOWN2', status: 'deleted', recipient: oldNumber }),
    );
    await viber.state.push(
      viberToken,
      viberCallbacks.conversationStarted({ user: { id: 'U2=', name: 'Ann' } }),
    );
    await allDone();
    const view = await channel(waChannel);
    expect(view.ignoredEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'status', count: 2, lastDetail: 'status deleted' }),
        expect.objectContaining({
          code: 'other_number',
          count: 1,
          lastDetail: "for phone number id 999999999999, not this channel's",
        }),
      ]),
    );
    // Viber's own check callback at connect time is accounted for too.
    expect((await channel(viberChannel)).ignoredEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'conversation_started', count: 1 }),
        expect.objectContaining({ code: 'webhook_check', count: 1 }),
      ]),
    );
    const metric = await server.services.metrics.registry.getSingleMetricAsString(
      'frontline_inbound_ignored_total',
    );
    expect(metric).toContain('frontline_inbound_ignored_total{kind="whatsapp",reason="status"} 2');
    expect(metric).toContain('frontline_inbound_ignored_total{kind="whatsapp",reason="other_number"} 1');
    expect(metric).toContain('frontline_inbound_ignored_total{kind="viber",reason="conversation_started"} 1');
    expect(await messages()).toEqual([]);
  });
});
