import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatHistory, postChatSession } from './support/chat.ts';
import { contactPointsOf } from './support/contact-points.ts';
import { errorCode } from './support/helpers.ts';
import { messageRow, replyAsOperator } from './support/replies.ts';
import { signIdentity } from './support/sign-identity.ts';
import {
  customerSends,
  dialects,
  eventually,
  loginAs,
  startTestServer,
  widgetSecret,
  type LoggedIn,
  type TestServer,
} from './support/test-server.ts';

const victimPhone = '+79161234567';
const victimEmail = 'victim@example.com';

/**
 * A visitor who holds a valid signature for their OWN id must not get into another customer's conversation by
 * claiming that customer's phone or e-mail beside it.
 */
describe.each(dialects)('identity takeover through the chat on %s', (dialect) => {
  let server: TestServer;
  let operator: LoggedIn;
  let victimCaseId: number;
  let victimCustomerId: number;
  let replyNo = 0;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    operator = await loginAs(server, { email: 'sup@example.com', role: 'supervisor', queueIds: [1, 2, 3] });
    // The victim: a customer whose phone and e-mail were attested (signed by the host backend) earlier.
    const account = server.services.channels.firstOfKind('webchat');
    const { message } = await server.services.cases.receiveInbound({
      channelAccountId: account.id,
      externalMessageId: 'victim:1',
      identity: {
        channelAccountId: account.id,
        externalId: 'user:victim-1',
        verifiedBy: 'jwt',
        contactPoints: [
          { kind: 'phone', value: victimPhone, attestedBy: 'jwt' },
          { kind: 'email', value: victimEmail, attestedBy: 'jwt' },
        ],
      },
      entryPointId: 1,
      text: 'my order is late',
      attachments: [],
    });
    victimCaseId = message.case_id;
    victimCustomerId = message.customer_id;
  });
  afterAll(async () => {
    await server.close();
  });

  const start = (payload: Record<string, unknown>) => postChatSession(server, payload);

  /** The attacker writes, the operator answers the victim; what did the attacker get? */
  async function attempt(token: string) {
    const sent = await customerSends(server, token, 'hi, it is me');
    const row = await messageRow(server, sent.messageId);
    const text = `operator reply ${++replyNo} for the victim only`;
    const replyId = await replyAsOperator(server, operator, victimCaseId, text);
    await eventually(async () => expect((await messageRow(server, replyId)).status).not.toBe('queued'));
    const texts = (await chatHistory(server, token)).items.flatMap((i) =>
      i.event.message ? [i.event.message.text] : [],
    );
    return {
      landedInVictimCase: row.case_id === victimCaseId,
      linkedToVictim: row.customer_id === victimCustomerId,
      gotVictimReply: texts.includes(text),
    };
  }

  it('the id-only HMAC signature with another customer’s phone is refused and links nothing', async () => {
    const hash = createHmac('sha256', widgetSecret).update('attacker-7').digest('hex');
    const res = await start({ identity: { id: 'attacker-7', phone: victimPhone, hash } });
    if (res.statusCode === 200) {
      // What happened before identities were signed whole: the attacker joined the victim's case.
      const result = await attempt(res.json<{ visitorToken: string }>().visitorToken);
      expect(result).toEqual({ landedInVictimCase: false, linkedToVictim: false, gotVictimReply: false });
    }
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('CHAT_IDENTITY_INVALID');
  });

  it('a valid token for one’s own id plus unsigned phone/e-mail of another customer links nothing', async () => {
    const identityToken = await signIdentity({ sub: 'attacker-8', name: 'Mallory' });
    const res = await start({ identityToken, phone: victimPhone, email: victimEmail, name: 'Victim' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ verified: boolean }>().verified).toBe(true);
    const result = await attempt(res.json<{ visitorToken: string }>().visitorToken);
    expect(result).toEqual({ landedInVictimCase: false, linkedToVictim: false, gotVictimReply: false });
    // The unsigned claims are kept for display only: never attested.
    const identity = await server.store.db
      .selectFrom('identities')
      .select(['customer_id', 'verified_by'])
      .where('external_id', '=', 'user:attacker-8')
      .executeTakeFirstOrThrow();
    expect(identity.verified_by).toBe('jwt');
    const cps = await contactPointsOf(server, identity.customer_id);
    expect(cps).toEqual([
      { kind: 'email', value: victimEmail, attested_by: null },
      { kind: 'phone', value: victimPhone, attested_by: null },
    ]);
  });

  it('only a phone inside the signed token is attested and links to the customer who has it', async () => {
    const identityToken = await signIdentity({ sub: 'victim-app', phone: '8 (916) 123-45-67' });
    const res = await start({ identityToken });
    expect(res.statusCode, res.body).toBe(200);
    const sent = await customerSends(
      server,
      res.json<{ visitorToken: string }>().visitorToken,
      'from the app',
    );
    const row = await messageRow(server, sent.messageId);
    expect(row).toMatchObject({ case_id: victimCaseId, customer_id: victimCustomerId });
  });

  it('a signed phone in any usual spelling is stored in E.164; one that is not a number is left out, the chat still starts', async () => {
    const spelled = await start({
      identityToken: await signIdentity({ sub: 'spelled-1', phone: '79161234567' }),
    });
    expect(spelled.statusCode, spelled.body).toBe(200);
    const broken = await start({
      identityToken: await signIdentity({ sub: 'broken-1', phone: '12-34' }),
      phone: 'call me',
    });
    expect(broken.statusCode, broken.body).toBe(200);
    const phonesOf = async (externalId: string) => {
      const identity = await server.store.db
        .selectFrom('identities')
        .select('customer_id')
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow();
      return server.store.db
        .selectFrom('contact_points')
        .select(['value', 'attested_by'])
        .where('customer_id', '=', identity.customer_id)
        .where('kind', '=', 'phone')
        .execute();
    };
    // The same number as the victim's attested one: it links there (equal after normalising).
    expect(await phonesOf('user:spelled-1')).toContainEqual({ value: victimPhone, attested_by: 'jwt' });
    expect(await phonesOf('user:broken-1')).toEqual([]);
  });

  it('a phone claimed first and signed later becomes attested; a signed one never goes back to claimed', async () => {
    const phone = '+79035550101';
    const claimed = await start({ identityToken: await signIdentity({ sub: 'upgrader' }), phone });
    expect(claimed.statusCode, claimed.body).toBe(200);
    const signed = await start({ identityToken: await signIdentity({ sub: 'upgrader', phone }) });
    expect(signed.statusCode, signed.body).toBe(200);
    const again = await start({ identityToken: await signIdentity({ sub: 'upgrader' }), phone });
    expect(again.statusCode, again.body).toBe(200);
    const rows = await server.store.db
      .selectFrom('contact_points')
      .select(['attested_by'])
      .where('value', '=', phone)
      .execute();
    expect(rows).toEqual([{ attested_by: 'jwt' }]);
  });
});
