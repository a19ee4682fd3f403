import { describe, expect, it } from 'vitest';
import { createApi } from '../src/api.ts';
import { ApiError } from '../src/api-error.ts';
import { aCase, me } from './fixtures.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(responses: Response[]) {
  const calls: Call[] = [];
  const fetch = (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
    const next = responses.shift();
    return next ? Promise.resolve(next) : Promise.reject(new TypeError('network down'));
  };
  return { calls, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const header = (call: Call | undefined, name: string) => new Headers(call?.init.headers).get(name);

describe('createApi', () => {
  it('sends the CSRF token from login on writes only, with same-origin credentials', async () => {
    const { calls, fetch } = fakeFetch([
      json({ operator: me, csrfToken: 'tok' }),
      json([aCase()]),
      json(aCase({ status: 'resolved' })),
    ]);
    const api = createApi({ fetch });
    await api.login({ email: 'a@b.c', password: 'x' });
    const cases = await api.listCases({ status: 'queued', assignee: 'me', queueId: 3 });
    const resolved = await api.resolve(100);
    expect(cases).toHaveLength(1);
    expect(resolved.status).toBe('resolved');
    expect(calls[1]?.url).toBe('/api/v1/cases?status=queued&queueId=3&assignee=me');
    expect(header(calls[1], 'X-CSRF-Token')).toBeNull();
    expect(header(calls[2], 'X-CSRF-Token')).toBe('tok');
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('reads a page of the inbox: the total and the next cursor from the headers, the cursor sent back', async () => {
    const { calls, fetch } = fakeFetch([
      new Response(JSON.stringify([aCase({ id: 5 })]), {
        headers: { 'Content-Type': 'application/json', 'X-Total-Count': '412', 'X-Next-Cursor': 'abc' },
      }),
      json([aCase({ id: 4 })]),
    ]);
    const api = createApi({ fetch });
    const first = await api.listCasePage({ status: 'open' });
    expect(first).toMatchObject({ total: 412, nextCursor: 'abc' });
    const second = await api.listCasePage({ status: 'open', cursor: 'abc' });
    expect(calls[1]?.url).toBe('/api/v1/cases?status=open&cursor=abc');
    expect(second).toMatchObject({ total: null, nextCursor: null });
  });

  it('turns error bodies into coded ApiErrors and reports a lost session', async () => {
    let lost = 0;
    const { fetch } = fakeFetch([
      json({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'nope' } }, 401),
      json({ error: { code: 'AUTH_REQUIRED', message: 'log in' } }, 401),
    ]);
    const api = createApi({ fetch, onUnauthorized: () => lost++ });
    await expect(api.login({ email: 'a@b.c', password: 'x' })).rejects.toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
      status: 401,
    });
    expect(lost).toBe(0);
    await expect(api.listQueues()).rejects.toBeInstanceOf(ApiError);
    expect(lost).toBe(1);
    await expect(api.listQueues()).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('treats 401 from /auth/me as signed out and rejects malformed bodies', async () => {
    const { fetch } = fakeFetch([
      json({ error: { code: 'AUTH_REQUIRED', message: 'x' } }, 401),
      json([{ id: 'not a number' }]),
    ]);
    const api = createApi({ fetch });
    expect(await api.me()).toBeNull();
    await expect(api.listQueues()).rejects.toThrow();
  });

  it('connects channels with the CSRF token and keeps validation details on the error', async () => {
    const view = {
      id: 2,
      kind: 'telegram',
      name: 'Bot',
      entryPointId: null,
      status: 'active',
      webhookUrl: 'https://x.test/webhooks/telegram/2',
      config: {},
      secretsSet: ['botToken', 'webhookSecret'],
      health: null,
    };
    const details = [{ path: 'secrets.botToken', message: 'bad' }];
    const { calls, fetch } = fakeFetch([
      json({ operator: { ...me, role: 'admin' }, csrfToken: 'tok' }),
      json(view, 201),
      json({ error: { code: 'VALIDATION_FAILED', message: 'invalid', details } }, 400),
      json({ ...view, status: 'disabled' }),
    ]);
    const api = createApi({ fetch });
    await api.login({ email: 'a@b.c', password: 'x' });
    const request = {
      kind: 'telegram',
      name: 'Bot',
      entryPointId: null,
      config: {},
      secrets: { botToken: '1:a' },
    };
    expect(await api.createChannel(request)).toEqual(view);
    await expect(api.createChannel(request)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details });
    expect((await api.disconnectChannel(2)).status).toBe('disabled');
    expect(calls[1]?.url).toBe('/api/v1/channels');
    expect(header(calls[1], 'X-CSRF-Token')).toBe('tok');
    expect(calls[3]?.init.method).toBe('DELETE');
    expect(calls[3]?.url).toBe('/api/v1/channels/2');
    expect(header(calls[3], 'X-CSRF-Token')).toBe('tok');
  });
});
