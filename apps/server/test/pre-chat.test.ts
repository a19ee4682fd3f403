import { describe, expect, it } from 'vitest';
import { parsePreChatFields } from '../src/modules/chat/pre-chat.ts';
import { postChatSession } from './support/chat.ts';
import { contactPointsOf } from './support/contact-points.ts';
import { getCard, webChatInbound } from './support/customers.ts';
import { errorCode } from './support/helpers.ts';
import { loginAdmin } from './support/people.ts';
import { startServerForSuite } from './support/server-lifecycle.ts';
import { signIdentity } from './support/sign-identity.ts';
import { dialects, type TestServer } from './support/test-server.ts';

interface Session {
  visitorToken: string;
  visitorId: string;
  pendingPreChat?: { fields: Array<{ key: string; required: boolean }> };
}

describe('parsePreChatFields', () => {
  it('reads the stored list, defaults required to false, and ignores what is not a field list', () => {
    expect(parsePreChatFields('[{"key":"phone","required":true},{"key":"name"},{"key":"phone"}]')).toEqual([
      { key: 'phone', required: true },
      { key: 'name', required: false },
    ]);
    expect(parsePreChatFields(null)).toEqual([]);
    expect(parsePreChatFields('not json')).toEqual([]);
    expect(parsePreChatFields('[{"key":"address"}]')).toEqual([]);
  });
});

describe.each(dialects)('the pre-chat form on %s', (dialect) => {
  let server: TestServer;
  startServerForSuite(dialect, (s) => (server = s));

  const session = async (payload: Record<string, unknown>): Promise<Session> => {
    const res = await postChatSession(server, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Session>();
  };
  const answer = (token: string, payload: Record<string, unknown>) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/chat/pre-chat',
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
  const customerOf = async (visitorId: string) =>
    (
      await server.store.db
        .selectFrom('identities')
        .select('customer_id')
        .where('external_id', '=', visitorId)
        .executeTakeFirstOrThrow()
    ).customer_id;

  it('the session answer lists the fields of the entry point until the visitor answers them', async () => {
    const mnp = await session({ entryPoint: 'mnp' });
    expect(mnp.pendingPreChat).toEqual({
      fields: [
        { key: 'phone', required: true },
        { key: 'name', required: false },
      ],
    });
    expect((await session({ entryPoint: 'general' })).pendingPreChat).toBeUndefined();

    expect((await answer(mnp.visitorToken, { phone: '+7 916 555-00-11' })).statusCode).toBe(200);
    const resumed = await session({ entryPoint: 'mnp', visitorToken: mnp.visitorToken });
    expect(resumed.visitorId).toBe(mnp.visitorId);
    expect(resumed.pendingPreChat).toBeUndefined();
  });

  it('refuses bad answers with field-level codes, a second answer and an entry point without a form', async () => {
    const { visitorToken } = await session({ entryPoint: 'mnp' });
    const missing = await answer(visitorToken, { name: 'Anna' });
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('PRE_CHAT_INVALID');
    expect(missing.json<{ error: { details: unknown } }>().error.details).toEqual([
      { field: 'phone', problem: 'required' },
    ]);
    const bad = await answer(visitorToken, { phone: '12345', email: 'anna@example.com' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: unknown } }>().error.details).toEqual([
      { field: 'phone', problem: 'invalid' },
      { field: 'email', problem: 'unexpected' },
    ]);
    expect(
      await contactPointsOf(
        server,
        await customerOf((await session({ entryPoint: 'mnp', visitorToken })).visitorId),
      ),
    ).toEqual([]);

    const ok = await answer(visitorToken, { phone: '8 (916) 123-45-67', name: ' Anna ' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ name: 'Anna', phone: '+79161234567', email: null });
    const again = await answer(visitorToken, { phone: '+79161234568' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('PRE_CHAT_ALREADY_ANSWERED');

    const general = await session({ entryPoint: 'general' });
    const notExpected = await answer(general.visitorToken, { phone: '+79161234567' });
    expect(notExpected.statusCode).toBe(422);
    expect(errorCode(notExpected)).toBe('PRE_CHAT_NOT_EXPECTED');
    expect(errorCode(await answer('forged', { phone: '+79161234567' }))).toBe('CHAT_TOKEN_INVALID');
  });

  it('checks the e-mail syntax when the form asks for it', async () => {
    await server.store.db
      .updateTable('entry_points')
      .set({ pre_chat_fields: '[{"key":"email","required":true}]' })
      .where('slug', '=', 'b2b')
      .execute();
    const { visitorToken, visitorId } = await session({ entryPoint: 'b2b' });
    const bad = await answer(visitorToken, { email: 'anna@' });
    expect(bad.json<{ error: { details: unknown } }>().error.details).toEqual([
      { field: 'email', problem: 'invalid' },
    ]);
    expect((await answer(visitorToken, { email: 'Anna@Example.com' })).statusCode).toBe(200);
    expect(await contactPointsOf(server, await customerOf(visitorId))).toEqual([
      { kind: 'email', value: 'anna@example.com', attested_by: null },
    ]);
  });

  it('stores the answers unattested: an equal attested phone of another customer merges nothing, it is suggested', async () => {
    await webChatInbound(server, {
      externalId: 'user:crm-77',
      verifiedBy: 'jwt',
      displayName: 'Boris',
      contactPoints: [{ kind: 'phone', value: '+79035550077', attestedBy: 'jwt' }],
    });
    const other = await customerOf('user:crm-77');
    const { visitorToken, visitorId } = await session({ entryPoint: 'mnp' });
    const res = await answer(visitorToken, { phone: '8 903 555-00-77', name: 'Борис' });
    expect(res.statusCode, res.body).toBe(200);

    const mine = await customerOf(visitorId);
    expect(mine).not.toBe(other);
    expect(await contactPointsOf(server, mine)).toEqual([
      { kind: 'phone', value: '+79035550077', attested_by: null },
    ]);
    expect(await contactPointsOf(server, other)).toEqual([
      { kind: 'phone', value: '+79035550077', attested_by: 'jwt' },
    ]);
    const merged = await server.store.db.selectFrom('customer_merges').select('id').execute();
    expect(merged).toEqual([]);

    const admin = await loginAdmin(server);
    const card = (await getCard(server, admin, mine)).json<{
      displayName: string | null;
      suggestions: Array<{ customerId: number; reasons: unknown[] }>;
    }>();
    expect(card.displayName).toBe('Борис');
    expect(card.suggestions).toContainEqual({
      customerId: other,
      displayName: 'Boris',
      reasons: [{ kind: 'phone', value: '+79035550077', attested: false }],
    });
  });

  it('a signed identity that carries an attested phone is not asked for the phone', async () => {
    const withPhone = await session({
      entryPoint: 'mnp',
      identityToken: await signIdentity({ sub: 'crm-pre-1', phone: '+79161110011' }),
    });
    expect(withPhone.pendingPreChat).toEqual({ fields: [{ key: 'name', required: false }] });
    const missing = await answer(withPhone.visitorToken, { phone: '+79161110012' });
    expect(missing.json<{ error: { details: unknown } }>().error.details).toEqual([
      { field: 'phone', problem: 'unexpected' },
    ]);
    const withoutPhone = await session({
      entryPoint: 'mnp',
      identityToken: await signIdentity({ sub: 'crm-pre-2' }),
    });
    expect(withoutPhone.pendingPreChat?.fields.map((f) => f.key)).toEqual(['phone', 'name']);
  });

  it('a signed identity that carries the phone and a name gets no form at all', async () => {
    const known = await session({
      entryPoint: 'mnp',
      identityToken: await signIdentity({ sub: 'crm-pre-3', phone: '+79161110013', name: 'Анна' }),
    });
    expect(known.pendingPreChat).toBeUndefined();
    const sent = await answer(known.visitorToken, { name: 'Анна' });
    expect(sent.statusCode).toBe(422);
    expect(sent.json<{ error: { code: string } }>().error.code).toBe('PRE_CHAT_NOT_EXPECTED');
  });
});
