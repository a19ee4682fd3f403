import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { passwordPolicyProblem } from '../src/modules/auth/password-policy-problem.ts';
import { operatorSocketClose } from '@frontline/shared';
import { errorCode, listen, WsClient } from './support/helpers.ts';
import {
  authHeaders,
  dialects,
  loginAs,
  startTestServer,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';

const password = 'a-long-enough-secret-1';

async function createOperator(server: TestServer, email: string) {
  await server.services.operators.create(
    { email, name: email.split('@')[0] ?? 'op', password, role: 'operator', capacity: 3, queueIds: [1] },
    null,
  );
}

function login(
  server: TestServer,
  email: string,
  pw: string,
  headers: Record<string, string> = {},
  remoteAddress = '127.0.0.1',
) {
  return server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: pw },
    headers,
    remoteAddress,
  });
}

describe('TRUST_PROXY configuration', () => {
  it('takes a hop count or a list of addresses / CIDR ranges, and refuses anything else with a reason', () => {
    const trust = (value?: string) =>
      loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;
    expect(trust()).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(() => trust('true')).toThrow(/TRUST_PROXY=true would let any client forge its address/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY: not an address or CIDR range: "10.0.0.0\/33"/);
    expect(() => trust('proxy.local')).toThrow(/not an address or CIDR range: "proxy.local"/);
  });
});

describe.each(dialects)('behind a reverse proxy on %s', (dialect) => {
  let direct: TestServer;
  let proxied: TestServer;
  let hops: TestServer;
  beforeAll(async () => {
    direct = await startTestServer(dialect, { workers: false });
    proxied = await startTestServer(dialect, { workers: false, env: { TRUST_PROXY: '127.0.0.1/32' } });
    hops = await startTestServer(dialect, { workers: false, env: { TRUST_PROXY: '2' } });
    for (const s of [direct, proxied, hops]) {
      await createOperator(s, 'proxy@example.com');
      await createOperator(s, 'scheme@example.com');
    }
  });
  afterAll(async () => {
    await Promise.all([direct.close(), proxied.close(), hops.close()]);
  });

  /** Eleven good logins, each claiming another client address; how many the per-address limit let in. */
  async function admittedOf(server: TestServer, forwardedFor: (i: number) => string, remote = '127.0.0.1') {
    let admitted = 0;
    for (let i = 0; i < 11; i++) {
      const res = await login(
        server,
        'proxy@example.com',
        password,
        { 'x-forwarded-for': forwardedFor(i) },
        remote,
      );
      if (res.statusCode === 200) admitted += 1;
      else {
        expect(errorCode(res)).toBe('AUTH_RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    return admitted;
  }

  it('without TRUST_PROXY, X-Forwarded-For does not change the client address (rate limit) and X-Forwarded-Proto not the cookie', async () => {
    expect(await admittedOf(direct, (i) => `203.0.113.${i + 1}`)).toBe(10);
    const res = await login(direct, 'scheme@example.com', password, {
      'x-forwarded-for': '198.51.100.1',
      'x-forwarded-proto': 'https',
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('from a trusted proxy, the client address and scheme come from X-Forwarded-For / -Proto', async () => {
    expect(await admittedOf(proxied, (i) => `203.0.113.${i + 1}`)).toBe(11);
    const res = await login(proxied, 'scheme@example.com', password, {
      'x-forwarded-for': '198.51.100.1',
      'x-forwarded-proto': 'https',
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });

  it('a peer that is not a trusted proxy cannot claim another address or HTTPS', async () => {
    expect(await admittedOf(proxied, (i) => `203.0.113.${i + 100}`, '192.0.2.7')).toBe(10);
    const res = await login(
      proxied,
      'proxy@example.com',
      password,
      { 'x-forwarded-proto': 'https' },
      '192.0.2.8',
    );
    expect(String(res.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
  });

  it('a hop count trusts exactly that many proxies: the address that many hops back is the client', async () => {
    // Two proxies: the socket peer is the second proxy, the last entry the first proxy, the one before it
    // the client; whatever the client put in front of it is ignored.
    expect(await admittedOf(hops, (i) => `192.0.2.${i + 1}, 203.0.113.5, 198.51.100.9`)).toBe(10);
    expect(await admittedOf(hops, (i) => `192.0.2.200, 203.0.113.${i + 50}, 198.51.100.9`)).toBe(11);
  });
});

describe.each(dialects)('login throttling per account on %s', (dialect) => {
  let server: TestServer;
  let now = Date.parse('2026-12-01T08:00:00Z');
  beforeAll(async () => {
    server = await startTestServer(dialect, {
      workers: false,
      clock: { now: () => new Date(now) },
      env: { TRUST_PROXY: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('400 guesses from 40 addresses within 17 s: only the first few are checked, the rest get 429 + Retry-After', async () => {
    await createOperator(server, 'target@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 400; i++) {
      const res = await login(
        server,
        'target@example.com',
        `guess-number-${i}`,
        from(`198.51.100.${i % 40}`),
      );
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(errorCode(res)).toBe('AUTH_RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(res.json<{ error: { details: { retryAfterSeconds: number } } }>().error.details).toEqual({
          retryAfterSeconds: Number(res.headers['retry-after']),
        });
      }
      now += 42; // 400 attempts in 16.8 s
    }
    const checked = statuses.filter((s) => s === 401).length;
    // 5 free failures, then waits of 1, 2, 4, 8 s: at most 10 guesses in 17 s (there were 400).
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBe(400 - checked);
    // While held back, even the right password from an unknown address is refused unchecked.
    const right = await login(server, 'target@example.com', password, from('203.0.113.77'));
    expect(right.statusCode).toBe(429);
  });

  it('the back-off is capped: the real user gets in once it has passed, and the wait doubles only up to 15 minutes', async () => {
    await createOperator(server, 'capped@example.com');
    let lastWait = 0;
    for (let i = 0; i < 30; i++) {
      const res = await login(server, 'capped@example.com', `wrong-${i}`, from(`198.51.100.${i % 40}`));
      if (res.statusCode === 429) {
        lastWait = Number(res.headers['retry-after']);
        now += lastWait * 1000; // the attacker waits each time, as patiently as possible
      }
    }
    expect(lastWait).toBe(15 * 60);
    now += 15 * 60 * 1000;
    const res = await login(server, 'capped@example.com', password, from('203.0.113.10'));
    expect(res.statusCode).toBe(200);
  });

  it('an attacker spraying guesses does not lock the user out of an address they logged in from before', async () => {
    await createOperator(server, 'regular@example.com');
    expect((await login(server, 'regular@example.com', password, from('203.0.113.5'))).statusCode).toBe(200);
    for (let i = 0; i < 20; i++)
      await login(server, 'regular@example.com', `spray-${i}`, from(`198.51.100.${i}`));
    expect(
      (await login(server, 'regular@example.com', 'x-wrong-guess', from('198.51.100.99'))).statusCode,
    ).toBe(429);
    expect((await login(server, 'regular@example.com', password, from('203.0.113.5'))).statusCode).toBe(200);
  });

  it('unknown e-mails are throttled the same way (no hint which accounts exist)', async () => {
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 8; i++)
      codes.push(
        errorCode(await login(server, 'nobody-here@example.com', `guess-${i}`, from(`198.51.100.${i}`))),
      );
    expect(codes.slice(0, 6).every((c) => c === 'AUTH_INVALID_CREDENTIALS')).toBe(true);
    expect(codes.at(-1)).toBe('AUTH_RATE_LIMITED');
  });
});

describe('password policy', () => {
  it('refuses short, common (also decorated) and e-mail passwords; accepts a passphrase', async () => {
    expect(await passwordPolicyProblem('short-1')).toMatch(/use at least 10/);
    for (const weak of ['password123', 'password-123', 'Password2026!', 'qwertyuiop', 'iloveyou12345'])
      expect(await passwordPolicyProblem(weak), weak).toMatch(/common password/);
    expect(await passwordPolicyProblem('zzzzzzzzzzzz')).toMatch(/repeats/);
    expect(
      await passwordPolicyProblem('anna.smith@example.com', { email: 'Anna.Smith@example.com' }),
    ).toMatch(/e-mail/);
    expect(await passwordPolicyProblem('tram-violet-harbour-7')).toBeNull();
  });

  describe.each(dialects)('on %s', (dialect) => {
    let server: TestServer;
    startServerForSuite(dialect, (s) => (server = s), { workers: false });

    it('POST /operators answers 400 PASSWORD_TOO_WEAK with the reason, and creates nothing', async () => {
      const admin = await loginAs(server, { email: 'policy-admin@example.com', role: 'admin' });
      for (const [pw, reason] of [
        ['pass-1', /use at least 10/],
        ['password-123', /common password/],
      ] as const) {
        const res = await server.app.inject({
          method: 'POST',
          url: '/api/v1/operators',
          headers: authHeaders(admin),
          payload: { email: 'weak@example.com', name: 'Weak', password: pw, queueIds: [1] },
        });
        expect(res.statusCode).toBe(400);
        expect(errorCode(res)).toBe('PASSWORD_TOO_WEAK');
        expect(res.json<{ error: { message: string } }>().error.message).toMatch(reason);
      }
      expect(await server.services.operators.findByEmail('weak@example.com')).toBeUndefined();
    });

    it('the first admin from the environment obeys it too', async () => {
      await expect(
        server.services.operators.ensureAdmin('boot-weak@example.com', 'letmein12345'),
      ).rejects.toMatchObject({
        code: 'PASSWORD_TOO_WEAK',
      });
      expect(() =>
        loadConfig({ FRONTLINE_ADMIN_EMAIL: 'a@example.com', FRONTLINE_ADMIN_PASSWORD: 'short-pw1' }),
      ).toThrow(/FRONTLINE_ADMIN_PASSWORD must be at least 10 characters/);
    });
  });

  it('the CLI refuses a weak password with the reason and exit code 1', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontline-cli-'));
    try {
      const run = promisify(execFile);
      const cli = resolve(import.meta.dirname, '../src/cli.ts');
      const error = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          'user',
          'create',
          '--email',
          'cli@example.com',
          '--password',
          'password1234',
        ],
        {
          env: { ...process.env, DATA_DIR: dataDir, SECRET_KEY: 'k'.repeat(40) },
          cwd: resolve(import.meta.dirname, '..'),
        },
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 1 });
      expect(String((error as { stderr?: unknown } | null)?.stderr)).toMatch(
        /the password is too weak: it is a common password/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe.each(dialects)('password change on %s', (dialect) => {
  let server: TestServer;
  let base: string;
  beforeAll(async () => {
    server = await startTestServer(dialect, { workers: false });
    base = await listen(server);
  });
  afterAll(async () => {
    await server.close();
  });
  const change = (s: LoggedIn, currentPassword: string, newPassword: string) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/password',
      headers: authHeaders(s),
      payload: { currentPassword, newPassword },
    });

  it('applies the policy, needs the current password, and ends the other sessions (their sockets close)', async () => {
    const first = await loginAs(server, { email: 'changer@example.com' });
    const again = await login(server, 'changer@example.com', 'test-operator-pass-1');
    const other: LoggedIn = {
      cookie: `fl_session=${again.cookies.find((c) => c.name === 'fl_session')?.value ?? ''}`,
      csrf: again.json<{ csrfToken: string }>().csrfToken,
      operatorId: first.operatorId,
    };
    const ws = await WsClient.connect(`${base}/api/v1/realtime`, { cookie: other.cookie });
    await ws.waitFor((f) => f.type === 'ready');

    const weak = await change(first, 'test-operator-pass-1', 'password-123');
    expect(weak.statusCode).toBe(400);
    expect(errorCode(weak)).toBe('PASSWORD_TOO_WEAK');
    expect(errorCode(await change(first, 'not-my-password', 'tram-violet-harbour-7'))).toBe(
      'AUTH_INVALID_CREDENTIALS',
    );
    expect((await change(first, 'test-operator-pass-1', 'tram-violet-harbour-7')).statusCode).toBe(204);

    await ws.closed;
    expect(ws.closeInfo).toEqual({
      code: operatorSocketClose.sessionEnded,
      reason: 'session ended: password changed',
    });
    const me = (s: LoggedIn) =>
      server.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authHeaders(s) });
    expect((await me(first)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await login(server, 'changer@example.com', 'test-operator-pass-1')).statusCode).toBe(401);
    expect((await login(server, 'changer@example.com', 'tram-violet-harbour-7')).statusCode).toBe(200);
  });
});
