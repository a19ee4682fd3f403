import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatHistory } from './support/chat.ts';
import { contentDisposition } from '../src/http/content-disposition.ts';
import { sanitizeFilename } from '../src/modules/attachments/sanitize-filename.ts';
import { errorCode, multipart, tinyPng } from './support/helpers.ts';
import {
  authHeaders,
  dialects,
  loginAs,
  startTestServer,
  startVisitor,
  type TestServer,
} from './support/test-server.ts';

/** The name a browser saves a download under: `filename*` of RFC 6266 / RFC 5987. */
function savedName(disposition: string | undefined): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return m?.[1] ? decodeURIComponent(m[1]) : '';
}

describe('sanitizeFilename', () => {
  it('drops bidirectional overrides, isolates and marks, so the real extension shows', () => {
    // Displayed as "invoice_gnp.exe"… no: as "invoiceexe.png" — the override hides that it ends in .exe.
    expect(sanitizeFilename('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(
      sanitizeFilename('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk.txt'),
    ).toBe('abcdefghijk.txt');
  });

  it('drops C0/C1 control characters and DEL, keeps the last path segment, replaces shell specials', () => {
    expect(sanitizeFilename('re\u0000p\u0007o\u001Fr\u007Ft\u0085\u009F.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('..\\..\\windows/system32/evil.png')).toBe('evil.png');
    expect(sanitizeFilename('a:b*c?"<d>|.txt')).toBe('a_b_c___d__.txt');
    expect(sanitizeFilename('\u202E')).toBe('file');
    expect(sanitizeFilename('name. . ')).toBe('name');
  });

  it('keeps Unicode names and, when too long, the extension', () => {
    expect(sanitizeFilename('Договор № 5.docx')).toBe('Договор № 5.docx');
    const long = sanitizeFilename(`${'я'.repeat(300)}.pdf`);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('carries the whole UTF-8 name in filename* and an ASCII fallback', () => {
    const header = contentDisposition(false, `Счёт (копия) 'итог' "100%".pdf`);
    expect(header.startsWith('attachment; filename="')).toBe(true);
    expect(savedName(header)).toBe(`Счёт (копия) 'итог' "100%".pdf`);
    expect(header).not.toMatch(/filename\*=UTF-8''[^;]*['()]/);
    expect(/filename="([^"]*)"/.exec(header)?.[1]).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe.each(dialects)('attachment files on %s', (dialect) => {
  let server: TestServer;
  let now = Date.parse('2026-06-01T10:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const hours = (h: number) => h * 3600_000;

  beforeAll(async () => {
    // The clock jumps a day: the visitor token must outlive it (token expiry has its own tests).
    server = await startTestServer(dialect, {
      clock,
      workers: false,
      env: { CHAT_TOKEN_TTL_SECONDS: String(30 * 24 * 3600) },
    });
  });
  afterAll(() => server.close());

  async function visitorUpload(token: string, filename: string) {
    const body = multipart(filename, tinyPng());
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/attachments',
      headers: { authorization: `Bearer ${token}`, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; filename: string; url: string }>();
  }

  it('a file with a very long name downloads under its whole name from a short URL', async () => {
    const op = await loginAs(server, { email: `long-${dialect}@example.com`, role: 'operator' });
    const name = `${'Очень длинное имя файла '.repeat(7)}итог.png`;
    expect(name.length).toBeGreaterThan(150);
    const body = multipart(name, tinyPng());
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...authHeaders(op), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    const att = res.json<{ filename: string; url: string }>();
    expect(att.filename).toBe(name);
    expect(att.url.length).toBeLessThan(400);
    expect(decodeURIComponent(att.url)).toContain('.png?');
    const file = await server.app.inject({ method: 'GET', url: att.url });
    expect(file.statusCode).toBe(200);
    expect(savedName(file.headers['content-disposition'])).toBe(name);
    // The router refuses path segments over 100 characters (414): the name in the URL stays below that.
    const inPath = decodeURIComponent(/files\/[0-9a-f]{32}\/([^?]*)/.exec(att.url)?.[1] ?? '');
    expect(inPath.length).toBeLessThanOrEqual(100);
    expect(inPath.endsWith('….png')).toBe(true);
  });

  it('a right-to-left override in an uploaded name is dropped', async () => {
    const token = await startVisitor(server);
    const att = await visitorUpload(token, 'photo\u202Egnp.exe.png');
    expect(att.filename).toBe('photognp.exe.png');
  });

  it('file URLs expire (410 ATTACHMENT_URL_EXPIRED); loading the messages again gives a fresh URL', async () => {
    const token = await startVisitor(server);
    const att = await visitorUpload(token, 'expiring.png');
    const send = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: `exp-${dialect}`, text: '', attachmentIds: [att.id] },
    });
    expect(send.statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: att.url })).statusCode).toBe(200);

    // A forged expiry is not a valid signature.
    const exp = Number(new URL(att.url, 'http://x').searchParams.get('exp'));
    const forged = await server.app.inject({
      method: 'GET',
      url: att.url.replace(`exp=${exp}`, `exp=${exp + 3600}`),
    });
    expect(forged.statusCode).toBe(404);
    // An unsigned-expiry URL of the old kind is expired.
    const old = await server.app.inject({ method: 'GET', url: att.url.replace(/exp=\d+&/, '') });
    expect(old.statusCode).toBe(410);

    now += hours(25);
    const expired = await server.app.inject({ method: 'GET', url: att.url });
    expect(expired.statusCode).toBe(410);
    expect(errorCode(expired)).toBe('ATTACHMENT_URL_EXPIRED');

    const sup = await loginAs(server, { email: `exp-sup-${dialect}@example.com`, role: 'supervisor' });
    const row = await server.store.db
      .selectFrom('messages')
      .select('customer_id')
      .where('id', '=', send.json<{ messageId: number }>().messageId)
      .executeTakeFirstOrThrow();
    const tl = await server.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${row.customer_id}/timeline`,
      headers: authHeaders(sup),
    });
    const fresh = tl.json<Array<{ attachments: Array<{ url: string }> }>>().at(-1)?.attachments[0]?.url ?? '';
    expect(fresh).not.toBe(att.url);
    const file = await server.app.inject({ method: 'GET', url: fresh });
    expect(file.statusCode).toBe(200);

    // The widget's history replays stored events: their file URLs are signed afresh too.
    await server.services.relay.runOnce();
    const urls = (await chatHistory(server, token)).items
      .flatMap((i) => i.event.message?.attachments ?? [])
      .map((a) => a.url);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).not.toBe(att.url);
      expect((await server.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('uploads never sent with a message are deleted after a day, files and rows; sent ones stay', async () => {
    const token = await startVisitor(server);
    const sent = await visitorUpload(token, 'sent.png');
    const unsent = await visitorUpload(token, 'unsent.png');
    const send = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/messages',
      headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: `cleanup-${dialect}`, text: 'see file', attachmentIds: [sent.id] },
    });
    expect(send.statusCode).toBe(200);
    const attachments = server.services.attachments;
    const rowOf = (id: string) =>
      server.store.db.selectFrom('attachments').select('id').where('id', '=', id).executeTakeFirst();

    now += hours(23);
    await attachments.deleteUnattached();
    expect(await rowOf(unsent.id)).toBeDefined();
    expect(existsSync(attachments.pathOf(unsent.id))).toBe(true);

    now += hours(2);
    // Earlier tests' uploads that were never sent are older still: they go too.
    expect(await attachments.deleteUnattached()).toBeGreaterThanOrEqual(1);
    expect(await rowOf(unsent.id)).toBeUndefined();
    expect(existsSync(attachments.pathOf(unsent.id))).toBe(false);
    expect(await rowOf(sent.id)).toBeDefined();
    expect(existsSync(attachments.pathOf(sent.id))).toBe(true);
    expect(await attachments.deleteUnattached()).toBe(0);
  });
});
