import { createHmac } from 'node:crypto';
import { signIdentity } from './support/sign-identity.ts';
import { describe, expect, it } from 'vitest';
import { postChatSession } from './support/chat.ts';
import { contactPointsOf } from './support/contact-points.ts';
import { errorCode, multipart, tinyPng } from './support/helpers.ts';
import {
  authHeaders,
  customerSends,
  dialects,
  loginAs,
  startVisitor,
  widgetSecret,
  type TestServer,
} from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';

const sign = (id: string, secret = widgetSecret) => createHmac('sha256', secret).update(id).digest('hex');

describe.each(dialects)('web chat on %s', (dialect) => {
  let server: TestServer;
  startServerForSuite(dialect, (s) => (server = s));

  const start = (payload: Record<string, unknown>) => postChatSession(server, payload);
  const identityOf = (externalId: string) =>
    server.store.db
      .selectFrom('identities')
      .selectAll()
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();

  it('a valid identity token is verified and its phone is stored normalized and attested', async () => {
    const res = await start({
      identityToken: await signIdentity({
        sub: 'crm-1001',
        phone: '8 (912) 345-67-89',
        email: 'Ivan@Example.COM',
        name: 'Иван',
      }),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      verified: boolean;
      visitorId: string;
      visitorToken: string;
      entryPoint: { slug: string };
    }>();
    expect(body).toMatchObject({
      verified: true,
      visitorId: 'user:crm-1001',
      entryPoint: { slug: 'general' },
    });
    const identity = await identityOf('user:crm-1001');
    expect(identity).toMatchObject({ verified_by: 'jwt', display_name: 'Иван' });
    const cps = await contactPointsOf(server, identity.customer_id);
    expect(cps).toEqual([
      { kind: 'email', value: 'ivan@example.com', attested_by: 'jwt' },
      { kind: 'phone', value: '+79123456789', attested_by: 'jwt' },
    ]);
  });

  it('a forged, expired or malformed identity token → 401 with a stable code and no identity is stored', async () => {
    const cases: [string, string][] = [
      [
        await signIdentity(
          { sub: 'crm-evil', phone: '+79990000000' },
          { secret: 'not-the-widget-secret-000' },
        ),
        'CHAT_IDENTITY_INVALID',
      ],
      [
        await signIdentity({ sub: 'crm-evil', phone: '+79990000000' }, { expiresIn: -120 }),
        'CHAT_IDENTITY_EXPIRED',
      ],
      [await signIdentity({ sub: 'crm-evil' }, { alg: 'HS512' }), 'CHAT_IDENTITY_INVALID'],
      ['not.a.jwt', 'CHAT_IDENTITY_INVALID'],
      // The former id-only signature is refused with a message that says what replaced it.
      ['legacy', 'CHAT_IDENTITY_INVALID'],
    ];
    for (const [identityToken, code] of cases) {
      const res =
        identityToken === 'legacy'
          ? await start({ identity: { id: 'crm-evil', phone: '+79990000000', hash: sign('crm-evil') } })
          : await start({ identityToken });
      expect(res.statusCode, res.body).toBe(401);
      expect(errorCode(res)).toBe(code);
    }
    // A token without exp is refused too: every signed identity expires.
    const { SignJWT } = await import('jose');
    const noExp = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('crm-evil')
      .sign(new TextEncoder().encode(widgetSecret));
    expect(errorCode(await start({ identityToken: noExp }))).toBe('CHAT_IDENTITY_INVALID');
    expect(
      await server.store.db
        .selectFrom('identities')
        .select('id')
        .where('external_id', '=', 'user:crm-evil')
        .execute(),
    ).toHaveLength(0);
    expect(
      await server.store.db
        .selectFrom('contact_points')
        .select('id')
        .where('value', '=', '+79990000000')
        .execute(),
    ).toHaveLength(0);
  });

  it('visitors with the same signed phone are linked to one customer; unverified visitors are not', async () => {
    const a = await start({
      identityToken: await signIdentity({ sub: 'app-user-1', phone: '+7 (916) 111-22-33' }),
    });
    const b = await start({ identityToken: await signIdentity({ sub: 'web-user-9', phone: '89161112233' }) });
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const ia = await identityOf('user:app-user-1');
    const ib = await identityOf('user:web-user-9');
    expect(ia.id).not.toBe(ib.id);
    expect(ib.customer_id).toBe(ia.customer_id);

    // Anonymous visitors (claimed nothing attested) each get their own customer.
    const anon1 = (await start({ name: 'Same Name' })).json<{ visitorId: string }>().visitorId;
    const anon2 = (await start({ name: 'Same Name' })).json<{ visitorId: string }>().visitorId;
    const c1 = (await identityOf(anon1)).customer_id;
    const c2 = (await identityOf(anon2)).customer_id;
    expect(c1).not.toBe(c2);
    expect([c1, c2]).not.toContain(ia.customer_id);

    // A message from either verified visitor lands in the customer's one open case.
    const tokA = a.json<{ visitorToken: string }>().visitorToken;
    const tokB = b.json<{ visitorToken: string }>().visitorToken;
    const m1 = await customerSends(server, tokA, 'from the app');
    const m2 = await customerSends(server, tokB, 'from the web');
    const rows = await server.store.db
      .selectFrom('messages')
      .select(['case_id', 'customer_id'])
      .where('id', 'in', [m1.messageId, m2.messageId])
      .execute();
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(1);
    expect(rows[0]?.customer_id).toBe(ia.customer_id);
  });

  it('resuming with an earlier visitorToken keeps the same identity; a forged token is refused', async () => {
    const first = (await start({})).json<{ visitorToken: string; visitorId: string; verified: boolean }>();
    expect(first.verified).toBe(false);
    const again = await start({ visitorToken: first.visitorToken });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ visitorId: string }>().visitorId).toBe(first.visitorId);
    expect(
      await server.store.db
        .selectFrom('identities')
        .select('id')
        .where('external_id', '=', first.visitorId)
        .execute(),
    ).toHaveLength(1);
    // Both tokens address the same conversation.
    const m1 = await customerSends(server, first.visitorToken, 'before reload');
    const m2 = await customerSends(
      server,
      again.json<{ visitorToken: string }>().visitorToken,
      'after reload',
    );
    const rows = await server.store.db
      .selectFrom('messages')
      .select(['case_id', 'identity_id'])
      .where('id', 'in', [m1.messageId, m2.messageId])
      .execute();
    expect(new Set(rows.map((r) => `${r.case_id}/${r.identity_id ?? ''}`)).size).toBe(1);

    const forged = await start({ visitorToken: `${first.visitorToken.split('.')[0] ?? ''}.AAAA` });
    expect(forged.statusCode).toBe(401);
    expect(errorCode(forged)).toBe('CHAT_TOKEN_INVALID');
  });

  it('an unknown entry point → 404 ENTRY_POINT_NOT_FOUND', async () => {
    const res = await start({ entryPoint: 'no-such-topic' });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('ENTRY_POINT_NOT_FOUND');
    const eps = await server.app.inject({ method: 'GET', url: '/api/v1/chat/entry-points' });
    expect(eps.json<Array<{ slug: string }>>().map((e) => e.slug)).toEqual(['general', 'mnp', 'b2b']);
  });

  describe('attachments', () => {
    const upload = (token: string, filename: string, bytes: Buffer, declared = 'image/png') => {
      const body = multipart(filename, bytes, declared);
      return server.app.inject({
        method: 'POST',
        url: '/api/v1/chat/attachments',
        headers: { authorization: `Bearer ${token}`, ...body.headers },
        payload: body.payload,
      });
    };

    it('a real PNG uploads, can be sent, and its signed URL serves the same bytes; a tampered sig → 404', async () => {
      const token = await startVisitor(server);
      const png = tinyPng();
      const res = await upload(token, 'photo.png', png);
      expect(res.statusCode).toBe(201);
      const att = res.json<{
        id: string;
        contentType: string;
        size: number;
        filename: string;
        url: string;
      }>();
      expect(att).toMatchObject({ contentType: 'image/png', size: png.length, filename: 'photo.png' });

      const send = await server.app.inject({
        method: 'POST',
        url: '/api/v1/chat/messages',
        headers: { authorization: `Bearer ${token}` },
        payload: { clientMsgId: 'with-attachment-1', text: '', attachmentIds: [att.id] },
      });
      expect(send.statusCode).toBe(200);
      const row = await server.store.db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', send.json<{ messageId: number }>().messageId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.attachments)).toEqual([
        { id: att.id, filename: 'photo.png', contentType: 'image/png', size: png.length },
      ]);
      expect(row.text).toBe('');

      const sup = await loginAs(server, { email: 'att-sup@example.com', role: 'supervisor' });
      const tl = await server.app.inject({
        method: 'GET',
        url: `/api/v1/customers/${row.customer_id}/timeline`,
        headers: authHeaders(sup),
      });
      const url = tl.json<Array<{ attachments: Array<{ url: string }> }>>()[0]?.attachments[0]?.url ?? '';
      expect(url).toBe(att.url);

      const file = await server.app.inject({ method: 'GET', url });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(file.rawPayload, png)).toBe(0);

      const sig = new URL(url, 'http://x').searchParams.get('sig') ?? '';
      const tampered = url.replace(`sig=${sig}`, `sig=${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`);
      const bad = await server.app.inject({ method: 'GET', url: tampered });
      expect(bad.statusCode).toBe(404);
      expect(errorCode(bad)).toBe('ATTACHMENT_NOT_FOUND');
      const noSigMatch = await server.app.inject({ method: 'GET', url: url.replace(att.id, 'f'.repeat(32)) });
      expect(noSigMatch.statusCode).toBe(404);

      // Another visitor cannot attach this file.
      const other = await startVisitor(server);
      const steal = await server.app.inject({
        method: 'POST',
        url: '/api/v1/chat/messages',
        headers: { authorization: `Bearer ${other}` },
        payload: { clientMsgId: 'steal-attachment-1', text: 'x', attachmentIds: [att.id] },
      });
      expect(steal.statusCode).toBe(404);
      expect(errorCode(steal)).toBe('ATTACHMENT_NOT_FOUND');
    });

    it.each([
      [
        'EXE',
        Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0), Buffer.from('PE\0\0'), Buffer.alloc(200, 0)]),
      ],
      [
        'ZIP',
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0]), Buffer.alloc(100, 0)]),
      ],
      [
        'HTML',
        Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>'),
      ],
      ['lower-case HTML with leading space', Buffer.from('  \n<html><img src=x onerror=alert(1)></html>')],
      ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')],
    ])(
      'a .png that really is %s → 415 ATTACHMENT_TYPE_NOT_ALLOWED and nothing stored',
      async (_kind, bytes) => {
        const token = await startVisitor(server);
        const before = await server.store.db.selectFrom('attachments').select('id').execute();
        const res = await upload(token, 'innocent.png', bytes);
        expect(res.statusCode).toBe(415);
        expect(errorCode(res)).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
        expect(await server.store.db.selectFrom('attachments').select('id').execute()).toHaveLength(
          before.length,
        );
      },
    );

    it('plain text is accepted as text/plain', async () => {
      const token = await startVisitor(server);
      const res = await upload(
        token,
        'notes.txt',
        Buffer.from('order 42 < 43, see attached\n'),
        'text/plain',
      );
      expect(res.statusCode).toBe(201);
      expect(res.json<{ contentType: string }>().contentType).toBe('text/plain');
    });

    it('a PNG of a few MB is accepted; more than 10 MB → 413 ATTACHMENT_TOO_LARGE', async () => {
      const token = await startVisitor(server);
      const big = Buffer.concat([tinyPng(), Buffer.alloc(3 * 1024 * 1024, 0)]);
      const ok = await upload(token, 'big.png', big);
      expect(ok.statusCode).toBe(201);
      expect(ok.json<{ size: number }>().size).toBe(big.length);
      const huge = Buffer.concat([tinyPng(), Buffer.alloc(10 * 1024 * 1024, 0)]);
      const res = await upload(token, 'huge.png', huge);
      expect(res.statusCode).toBe(413);
      expect(errorCode(res)).toBe('ATTACHMENT_TOO_LARGE');
      expect(
        await server.store.db
          .selectFrom('attachments')
          .select('id')
          .where('filename', '=', 'huge.png')
          .execute(),
      ).toHaveLength(0);
    });

    it('uploads need a valid visitor token', async () => {
      const body = multipart('photo.png', tinyPng());
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/chat/attachments',
        headers: body.headers,
        payload: body.payload,
      });
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('CHAT_TOKEN_INVALID');
    });
  });
});
