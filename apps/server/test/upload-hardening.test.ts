import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/logger.ts';
import { errorCode, multipart, tinyPng } from './support/helpers.ts';
import {
  authHeaders,
  dialects,
  loginAs,
  startTestServer,
  startVisitor,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

describe.each(dialects)('uploads on %s', (dialect) => {
  let server: TestServer;
  let op: LoggedIn;
  let visitorToken: string;
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startTestServer(dialect, {
      workers: false,
      logger: createLogger('trace', { write: (line: string) => void lines.push(line) }),
    });
    op = await loginAs(server, { email: 'uploader@example.com' });
    visitorToken = await startVisitor(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it('at trace level, no session cookie, CSRF token or visitor token reaches the log during uploads', async () => {
    lines.length = 0;
    const file = multipart('dot.png', tinyPng());
    const byOperator = await server.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...authHeaders(op), ...file.headers },
      payload: file.payload,
    });
    expect(byOperator.statusCode).toBe(201);
    const byVisitor = await server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/attachments',
      headers: { authorization: `Bearer ${visitorToken}`, ...file.headers },
      payload: file.payload,
    });
    expect(byVisitor.statusCode).toBe(201);
    const log = lines.join('');
    // The upload path does log at trace (the multipart options, with the request headers): proof we looked.
    expect(log).toContain('Providing options to busboy');
    const cookieValue = op.cookie.replace(/^fl_session=/, '');
    for (const secret of [cookieValue, op.csrf, visitorToken]) expect(log).not.toContain(secret);
  });

  it.each([
    ['garbage after the boundary', '--b0undary\r\nno headers, no end'],
    [
      'a part without Content-Disposition',
      '--b0undary\r\nContent-Type: image/png\r\n\r\nxx\r\n--b0undary--\r\n',
    ],
    [
      'a truncated part',
      '--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
    ],
    ['no boundary at all', 'just some bytes'],
  ])('a broken multipart body (%s) answers 400 with a code, not 500', async (_name, body) => {
    lines.length = 0;
    for (const [url, headers] of [
      ['/api/v1/attachments', authHeaders(op)],
      ['/api/v1/chat/attachments', { authorization: `Bearer ${visitorToken}` }],
    ] as const) {
      const res = await server.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'multipart/form-data; boundary=b0undary' },
        payload: Buffer.from(body, 'latin1'),
      });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      // Unreadable: UPLOAD_MALFORMED; readable but without a "file" part: BAD_REQUEST.
      expect(['UPLOAD_MALFORMED', 'BAD_REQUEST']).toContain(errorCode(res));
      expect(res.body).not.toMatch(/\bat \S+ \(/); // no stack trace
    }
    const unhandled = lines.filter((l) => l.includes('unhandled error'));
    expect(unhandled).toEqual([]);
  });

  it('a missing boundary parameter is 400 too', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { ...authHeaders(op), 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(res.statusCode).toBe(400);
    expect(['UPLOAD_MALFORMED', 'BAD_REQUEST']).toContain(errorCode(res));
  });
});
