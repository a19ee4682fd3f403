import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../src/channels/channel-adapter.ts';
import { whatsappAdapter } from '../src/channels/whatsapp/whatsapp-adapter.ts';
import { syncEvents } from './support/helpers.ts';

const phoneNumberId = '106540352242922';

/** One inbound message in the envelope Meta posts (shapes from Meta's messages webhook reference). */
function webhook(message: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
              messages: [{ from: '16505551234', timestamp: '1749416383', ...message }],
            },
          },
        ],
      },
    ],
  };
}

function messageOf(body: unknown): Extract<InboundEvent, { type: 'message' }> {
  const events: InboundEvent[] = syncEvents(
    whatsappAdapter.parse!(
      {
        id: 1,
        name: 'WhatsApp',
        config: { graphRoot: 'http://127.0.0.1:9', apiVersion: 'v21.0', phoneNumberId, templates: [] },
        secrets: {
          accessToken: 'EAAGcontentTest0123456789',
          appSecret: 'app_secret_content',
          verifyToken: 'verify-content',
        },
        webhookUrl: 'http://127.0.0.1:9/webhooks/whatsapp/1',
        tokenKey: Buffer.alloc(32, 1),
      },
      { rawBody: Buffer.from(JSON.stringify(body)), headers: {} },
    ),
  );
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event?.type !== 'message') throw new Error(`expected a message, got ${JSON.stringify(event)}`);
  return event;
}

const textOf = (body: unknown): string => messageOf(body).text;

/** What WhatsApp customers send beyond text and files is shown to the operator, not a placeholder. */
describe('WhatsApp orders, ad referrals and flow replies', () => {
  it('an order shows the catalog, each item with quantity and price, the total and the note', () => {
    const { text, notices } = messageOf(
      webhook({
        id: 'wamid.ORDER1',
        type: 'order',
        order: {
          catalog_id: '367025965434465',
          text: 'Please deliver after 6 pm',
          product_items: [
            { product_retailer_id: 'SKU-TSHIRT-M', quantity: 2, item_price: 10.5, currency: 'EUR' },
            { product_retailer_id: 'SKU-MUG', quantity: 1, item_price: 5, currency: 'EUR' },
          ],
        },
      }),
    );
    expect(text).toBe(
      [
        '🛒 Order from catalog 367025965434465 (2 items)',
        '• 2 × SKU-TSHIRT-M — 10.5 EUR',
        '• 1 × SKU-MUG — 5 EUR',
        'Total: 26 EUR',
        'Please deliver after 6 pm',
      ].join('\n'),
    );
    // The order is a structured notice (rendered in the operator's language); the note is the customer's text.
    expect(notices).toEqual([
      {
        code: 'order',
        catalogId: '367025965434465',
        items: [
          { productId: 'SKU-TSHIRT-M', quantity: 2, price: 10.5, currency: 'EUR' },
          { productId: 'SKU-MUG', quantity: 1, price: 5, currency: 'EUR' },
        ],
      },
    ]);
  });

  it('an order item without a price or product id still shows, and stays out of the total', () => {
    const { text, notices } = messageOf(
      webhook({
        id: 'wamid.ORDER2',
        type: 'order',
        order: {
          product_items: [
            { product_retailer_id: 'SKU-1', quantity: '3', item_price: '2.5', currency: 'USD' },
            { quantity: 1 },
          ],
        },
      }),
    );
    expect(text).toBe(
      ['🛒 Order (2 items)', '• 3 × SKU-1 — 2.5 USD', '• 1 × ?', 'Total: 7.5 USD'].join('\n'),
    );
    expect(notices).toEqual([
      {
        code: 'order',
        catalogId: null,
        items: [
          { productId: 'SKU-1', quantity: 3, price: 2.5, currency: 'USD' },
          { productId: null, quantity: 1, price: null, currency: null },
        ],
      },
    ]);
  });

  it('a message from a click-to-WhatsApp ad shows the ad headline, body and source', () => {
    const { text, notices } = messageOf(
      webhook({
        id: 'wamid.AD1',
        type: 'text',
        text: { body: 'Is this still available?' },
        referral: {
          source_url: 'https://fb.me/3cr4Wqqkv',
          source_id: '120226305854810726',
          source_type: 'ad',
          headline: 'Winter sale −30%',
          body: 'All jackets until Sunday',
          media_type: 'image',
          image_url: 'https://scontent.xx.fbcdn.net/v/t45.1600-4/abc.png',
          ctwa_clid:
            'ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a',
        },
      }),
    );
    expect(text).toBe(
      'Is this still available?\n📣 From an ad: "Winter sale −30%" — All jackets until Sunday (https://fb.me/3cr4Wqqkv)',
    );
    expect(notices).toEqual([
      {
        code: 'referral',
        sourceType: 'ad',
        headline: 'Winter sale −30%',
        body: 'All jackets until Sunday',
        url: 'https://fb.me/3cr4Wqqkv',
      },
    ]);
  });

  it("a flow reply (nfm_reply) shows the customer's answers from response_json, without the flow token", () => {
    const { text, notices } = messageOf(
      webhook({
        id: 'wamid.FLOW1',
        type: 'interactive',
        context: { from: '15550783881', id: 'wamid.OUTFLOW' },
        interactive: {
          type: 'nfm_reply',
          nfm_reply: {
            name: 'flow',
            body: 'Sent',
            response_json: JSON.stringify({
              flow_token: 'unused-token-123',
              full_name: 'Sheena Nelson',
              delivery_date: '2026-12-05',
              extras: ['gift wrap', 'card'],
              newsletter: true,
            }),
          },
        },
      }),
    );
    expect(text).toBe(
      [
        '📝 Form answers:',
        'full name: Sheena Nelson',
        'delivery date: 2026-12-05',
        'extras: gift wrap, card',
        'newsletter: true',
      ].join('\n'),
    );
    expect(notices).toEqual([
      {
        code: 'form_answers',
        answers: [
          { field: 'full_name', value: 'Sheena Nelson' },
          { field: 'delivery_date', value: '2026-12-05' },
          { field: 'extras', value: 'gift wrap, card' },
          { field: 'newsletter', value: 'true' },
        ],
      },
    ]);
  });

  it('a flow reply whose response_json is not an object falls back to its body', () => {
    const text = textOf(
      webhook({
        id: 'wamid.FLOW2',
        type: 'interactive',
        interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: 'oops' } },
      }),
    );
    expect(text).toBe('Sent');
  });

  it('a flow reply with neither answers nor a body is a form_submitted notice', () => {
    const { text, notices } = messageOf(
      webhook({
        id: 'wamid.FLOW3',
        type: 'interactive',
        interactive: {
          type: 'nfm_reply',
          nfm_reply: { name: 'flow', response_json: JSON.stringify({ flow_token: 't' }) },
        },
      }),
    );
    expect(text).toBe('Submitted a form');
    expect(notices).toEqual([{ code: 'form_submitted' }]);
  });
});
