/**
 * npm run demo — Frontline with every available channel connected to its local fake and simulated
 * customers writing in, so a newcomer can see the workspace working without any provider account.
 * Data lives in ./data-demo (deleted at each start). Stop with Ctrl+C.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTelegramFake, telegramUpdates, type FakeUser } from '@frontline/fakes';
import { loadConfig } from '../apps/server/src/config.ts';
import { createApp, defaultAssets } from '../apps/server/src/http/create-app.ts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import { createServices } from '../apps/server/src/services.ts';
import { openStore } from '../apps/server/src/store/open-store.ts';
import { seed } from '../apps/server/src/store/seed.ts';

const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve('data-demo');
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
  });
  const logger = createLogger(config.logLevel);
  const store = await openStore({ dataDir });
  await seed(store, systemClock);
  const services = await createServices({ config, logger, clock: systemClock, store });
  await services.operators.ensureAdmin(admin.email, admin.password);
  for (const op of operators) {
    await services.operators.create(
      { ...op, password: 'demo-operator-1', role: 'operator', capacity: 4 },
      null,
    );
  }
  const app = await createApp(services, { assets: defaultAssets() });
  services.start();
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

  process.stdout.write(
    [
      '',
      '  Frontline demo is running (data in ./data-demo, reset at each start)',
      `  Operator workspace: http://localhost:${port}/app/`,
      `    admin:     ${admin.email} / ${admin.password}`,
      ...operators.map((o) => `    operator:  ${o.email} / demo-operator-1  (${o.name})`),
      `  Widget demo page:   http://localhost:${port}/demo/  (write as a customer)`,
      `  Telegram: a local fake Bot API at ${telegram.url}; simulated customers write every few seconds`,
      '  Stop with Ctrl+C.',
      '',
    ].join('\n') + '\n',
  );

  // Simulated customers: a Telegram message every 4–9 s.
  let n = 0;
  const timer = setInterval(
    () => {
      const from = telegramCustomers[n % telegramCustomers.length]!;
      const text = lines[n % lines.length]!;
      n++;
      void telegram.state.pushUpdate(botToken, telegramUpdates.text({ from, text }));
    },
    4000 + Math.floor(Math.random() * 5000),
  );

  const stop = async () => {
    clearInterval(timer);
    services.stop();
    await app.close();
    await telegram.close();
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
