/**
 * npm run demo — Frontline with every available channel connected to its local fake and simulated
 * customers writing in, so a newcomer can see the workspace working without any provider account.
 * Data lives in DATA_DIR (default ./data-demo; deleted at each start). Stop with Ctrl+C.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { createTransport } from 'nodemailer';
import {
  googlePlayFixtureNow,
  googlePlayFixtureReviews,
  googlePlayServiceAccountKey,
  startGooglePlayFake,
  startMailSink,
  startTelegramFake,
  startViberFake,
  startWhatsAppFake,
  telegramUpdates,
  viberCallbacks,
  whatsappPayloads,
  type FakeUser,
} from '@frontline/fakes';
import { loadConfig } from '../apps/server/src/config.ts';
import { createFrontline } from '../apps/server/src/create-frontline.ts';
import { defaultAssets } from '../apps/server/src/http/create-app.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { openStore } from '../apps/server/src/store/open-store.ts';

const port = Number(process.env.PORT ?? 3000);
const smtpPort = Number(process.env.SMTP_PORT ?? 2525);
const dataDir = resolve(process.env.DATA_DIR ?? 'data-demo');
const admin = { email: 'admin@demo.local', password: 'demo-admin-1' };
const operators = [
  { email: 'olga@demo.local', name: 'Ольга Смирнова', queueIds: [1, 2] },
  { email: 'ivan@demo.local', name: 'Иван Петров', queueIds: [1, 3] },
];

const telegramCustomers: FakeUser[] = [
  { id: 400_000_001, firstName: 'Анна', lastName: 'Ли', username: 'annalee' },
  { id: 400_000_002, firstName: 'Дмитрий', lastName: 'Орлов' },
  { id: 400_000_003, firstName: 'Мария' },
];
const lines = [
  'Здравствуйте! Не работает мобильный интернет с утра',
  'Хочу перенести номер от другого оператора, что нужно?',
  'Подскажите, как подключить тариф «Безлимит»?',
  'Списали деньги за подписку, которую я не подключал',
  'Как заказать детализацию звонков за прошлый месяц?',
  'Спасибо, всё заработало!',
];

async function main(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SECRET_KEY: 'demo-secret-key-not-for-production-0123456789',
    LOG_LEVEL: 'warn',
    SMTP_PORT: String(smtpPort),
    SMTP_HOST: '127.0.0.1',
  });
  const logger = createLogger(config.logLevel);
  // Always SQLite in DATA_DIR, whatever DATABASE_URL the environment has.
  const store = await openStore({ dataDir });
  const frontline = await createFrontline({
    config,
    logger,
    store,
    admin,
    app: { assets: defaultAssets() },
  });
  const { app, services } = frontline;
  for (const op of operators) {
    await services.operators.create(
      { ...op, password: 'demo-operator-1', role: 'operator', capacity: 4 },
      null,
    );
  }
  await frontline.start();
  await app.listen({ port, host: '0.0.0.0' });

  // Telegram: a local Bot API fake; the admin connects the bot exactly as with the real API.
  const telegram = await startTelegramFake({ flood: { perChat: null, global: null } });
  const botToken = '7000000777:AAHdemo_bot_token';
  telegram.state.addBot({ token: botToken, username: 'frontline_demo_bot' });
  for (const c of telegramCustomers) telegram.state.addUser(c);
  const adminId = (await services.operators.findByEmail(admin.email))?.id ?? 0;
  await services.channelAdmin.create(
    {
      kind: 'telegram',
      name: 'Demo Telegram bot',
      entryPointId: 1,
      config: { apiRoot: telegram.url },
      secrets: { botToken, webhookSecret: 'demo-webhook-secret' },
    },
    adminId,
  );

  // WhatsApp Cloud API fake: the admin connects the number, then enters the callback URL in the "Meta app".
  const wa = {
    accessToken: 'EAAGdemoAccessToken0123456789',
    appSecret: 'demo_app_secret',
    phoneNumberId: '106540352242922',
  };
  const whatsapp = await startWhatsAppFake({ ...wa, outsideWindow: 'async' });
  const waChannel = await services.channelAdmin.create(
    {
      kind: 'whatsapp',
      name: 'Demo WhatsApp number',
      entryPointId: 2,
      config: { graphRoot: whatsapp.url, phoneNumberId: wa.phoneNumberId },
      secrets: { accessToken: wa.accessToken, appSecret: wa.appSecret, verifyToken: 'demo-verify-token' },
    },
    adminId,
  );
  whatsapp.state.setWebhook(waChannel.webhookUrl ?? '');
  const whatsappCustomers = [
    { waId: '79161234567', name: 'Сергей Волков' },
    { waId: '79031112233', name: 'Елена' },
  ];

  // Viber REST Bot API fake.
  const viberToken = '445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9';
  const viber = await startViberFake();
  viber.state.addBot({ authToken: viberToken, name: 'Frontline demo' });
  const viberCustomers = [{ id: '01234567890A=', name: 'Павел' }];
  for (const c of viberCustomers) viber.state.addUser(c, { subscribedTo: [viberToken] });
  await services.channelAdmin.create(
    {
      kind: 'viber',
      name: 'Demo Viber bot',
      entryPointId: 3,
      config: { apiRoot: viber.url, senderName: 'Поддержка' },
      secrets: { authToken: viberToken },
    },
    adminId,
  );

  // E-mail: the platform's SMTP receiver takes mail for support@demo.local; replies go to a local SMTP
  // server standing in for the internet (it keeps them in memory).
  const sink = await startMailSink();
  await services.channelAdmin.create(
    {
      kind: 'email',
      name: 'Demo support mailbox',
      entryPointId: 1,
      config: {
        address: 'support@demo.local',
        displayName: 'Поддержка',
        smtp: { host: '127.0.0.1', port: sink.port },
        autoAcknowledgement: 'Здравствуйте! Мы получили ваше обращение №{case} и ответим в ближайшее время.',
      },
      secrets: {},
    },
    adminId,
  );
  const mailCustomers = [
    { address: 'nina@customer.example', name: 'Нина Козлова' },
    { address: 'b2b@company.example', name: 'ООО «Ромашка»' },
  ];
  // Google Play reviews: a fake of the Developer API and Google's token endpoint; the poller reads it every 20 s.
  const play = await startGooglePlayFake({ now: googlePlayFixtureNow });
  const playKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const playAccount = 'frontline-demo@demo.iam.gserviceaccount.com';
  const playPackage = 'ru.demo.mobile';
  play.state.addServiceAccount({ clientEmail: playAccount, publicKey: playKeys.publicKey });
  play.state.addApp(playPackage);
  for (const review of googlePlayFixtureReviews) play.state.addReview(playPackage, review);
  await services.channelAdmin.create(
    {
      kind: 'google_play',
      name: 'Demo app reviews',
      entryPointId: 1,
      config: {
        packageName: playPackage,
        apiRoot: play.url,
        tokenUrl: play.tokenUrl,
        pollIntervalSeconds: 20,
      },
      secrets: {
        serviceAccountJson: googlePlayServiceAccountKey({
          clientEmail: playAccount,
          privateKey: playKeys.privateKey,
        }),
      },
    },
    adminId,
  );

  const mailer = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

  process.stdout.write(
    [
      '',
      `  Frontline demo is running (data in ${dataDir}, reset at each start)`,
      `  Operator workspace: http://localhost:${port}/app/`,
      `    admin:     ${admin.email} / ${admin.password}`,
      ...operators.map((o) => `    operator:  ${o.email} / demo-operator-1  (${o.name})`),
      `  Widget demo page:   http://localhost:${port}/demo/  (write as a customer)`,
      `  Channels on local fakes: Telegram ${telegram.url}, WhatsApp ${whatsapp.url}, Viber ${viber.url};`,
      `  Google Play reviews of ${playPackage} on a local fake (${play.url}), polled every 20 s;`,
      `  e-mail: write to support@demo.local via SMTP 127.0.0.1:${smtpPort}; replies land in a local SMTP sink.`,
      '  simulated customers write every few seconds (see Channels as the admin).',
      '  Stop with Ctrl+C.',
      '',
    ].join('\n') + '\n',
  );

  let n = 0;
  // Simulated customers: one message every few seconds, taking turns across the channels.
  const timer = setInterval(() => {
    const text = lines[n % lines.length]!;
    const turn = n % 5;
    n++;
    if (turn === 0) {
      const from = telegramCustomers[n % telegramCustomers.length]!;
      void telegram.state.pushUpdate(botToken, telegramUpdates.text({ from, text }));
    } else if (turn === 1) {
      const from = whatsappCustomers[n % whatsappCustomers.length]!;
      void whatsapp.state.push(whatsappPayloads.text({ from, body: text }));
    } else if (turn === 2) {
      const sender = viberCustomers[n % viberCustomers.length]!;
      void viber.state.push(viberToken, viberCallbacks.text({ sender, text }));
    } else if (turn === 4) {
      play.state.advance(60_000);
      play.state.addReview(playPackage, {
        reviewId: `gp:AOqpTODemo${n}`,
        authorName: n % 2 === 0 ? 'A Google user' : 'Алексей',
        comments: [
          {
            userComment: {
              text,
              lastModified: { seconds: String(Math.floor(play.state.now() / 1000)), nanos: 0 },
              starRating: 1 + (n % 5),
              reviewerLanguage: 'ru',
            },
          },
        ],
      });
    } else {
      const from = mailCustomers[n % mailCustomers.length]!;
      void mailer
        .sendMail({ from, to: 'support@demo.local', subject: text.slice(0, 40), text })
        .catch((error: unknown) => logger.warn({ err: error }, 'demo mail failed'));
    }
  }, 5000);

  const stop = async () => {
    clearInterval(timer);
    await frontline.close();
    await telegram.close();
    await whatsapp.close();
    await viber.close();
    mailer.close();
    await sink.close();
    await play.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
