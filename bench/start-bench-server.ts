/**
 * What every bench server of Frontline's whole server shares: a fresh temporary data directory, the config
 * every bench uses (a fixed secret key, warnings only) with what the bench adds, `createFrontline`, the
 * workers started and the HTTP application listening on a free port of 127.0.0.1. The bench server then
 * seeds what it needs and prints its line with `announceReady` (bench/announce-ready.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTelegramFake } from '@frontline/fakes';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../apps/server/src/config.ts';
import { createFrontline, type FrontlineOptions } from '../apps/server/src/create-frontline.ts';
import { createLogger } from '../apps/server/src/lib/logger.ts';
import type { Services } from '../apps/server/src/services.ts';
import type { Store } from '../apps/server/src/store/store.ts';

export interface BenchServerOptions {
  /** Names the data directory, `frontline-bench-<name>-…` (without it `frontline-bench-…`). */
  name?: string;
  /** Environment the config is read from beside `DATA_DIR`, `SECRET_KEY` and `LOG_LEVEL`. */
  env?: Record<string, string>;
  /** Opens (and seeds) the store itself, e.g. in bulk through the store; Frontline then seeds nothing. */
  openStore?: (dataDir: string) => Promise<Store>;
  /** The first admin Frontline creates. */
  admin?: FrontlineOptions['admin'];
  /** Bench-only routes, registered before the workers start and the application listens. */
  routes?: (app: FastifyInstance, services: Services) => void;
}

/** Frontline, started and listening (see the file comment). */
export async function startBenchServer(
  options: BenchServerOptions = {},
): Promise<{ app: FastifyInstance; services: Services; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), `frontline-bench-${options.name ? `${options.name}-` : ''}`));
  const store = options.openStore ? await options.openStore(dataDir) : undefined;
  const config = loadConfig({
    DATA_DIR: dataDir,
    SECRET_KEY: 'b'.repeat(40),
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  const { app, services, start } = await createFrontline({
    config,
    logger: createLogger('warn'),
    ...(store ? { store, seed: false } : {}),
    ...(options.admin ? { admin: options.admin } : {}),
  });
  options.routes?.(app, services);
  await start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, services, dataDir };
}

/** The admin a bench server connects its channels as (queue 1, the seeded one). */
export async function createBenchAdmin(services: Services, email: string): Promise<{ id: number }> {
  return services.operators.create(
    { email, name: 'bench', password: 'bench-password', role: 'admin', capacity: 5, queueIds: [1] },
    null,
  );
}

/**
 * A Telegram bot on the local Bot API fake (no flood limits: the bench sends faster than Telegram allows),
 * connected to entry point 1 with a webhook secret. Needs `PUBLIC_URL` in the config (the webhook's address).
 */
export async function connectBenchTelegram(
  services: Services,
  adminId: number,
  bot: { name: string; botToken: string; webhookSecret: string },
): Promise<{ id: number }> {
  const telegram = await startTelegramFake({ flood: { perChat: null, global: null } });
  telegram.state.addBot({ token: bot.botToken });
  return services.channelAdmin.create(
    {
      kind: 'telegram',
      name: bot.name,
      entryPointId: 1,
      config: { apiRoot: telegram.url },
      secrets: { botToken: bot.botToken, webhookSecret: bot.webhookSecret },
    },
    adminId,
  );
}
