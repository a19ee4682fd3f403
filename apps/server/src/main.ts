import { loadConfig, withPersistentSecretKey } from './config.ts';
import { createApp, defaultAssets } from './http/create-app.ts';
import { startMetricsServer } from './http/start-metrics-server.ts';
import { systemClock } from './lib/clock.ts';
import { AppError } from './lib/errors.ts';
import { createLogger } from './lib/logger.ts';
import { createServices } from './services.ts';
import { openStore } from './store/open-store.ts';
import { seed } from './store/seed.ts';

/** Composition root: config → store → services → HTTP → workers. */
async function main(): Promise<void> {
  const config = withPersistentSecretKey(loadConfig());
  const logger = createLogger(config.logLevel);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  await seed(store, systemClock);
  const services = await createServices({ config, logger, clock: systemClock, store });
  if (config.admin) {
    const result = await services.operators
      .ensureAdmin(config.admin.email, config.admin.password)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'PASSWORD_TOO_WEAK')
          throw new Error(`FRONTLINE_ADMIN_PASSWORD: ${error.message}`);
        throw error;
      });
    logger.info({ email: config.admin.email, result }, 'first admin');
  }
  const app = await createApp(services, { assets: defaultAssets() });
  await services.start();
  await app.listen({ port: config.port, host: config.host });
  const metricsServer =
    config.metrics.port === undefined
      ? undefined
      : await startMetricsServer({ metrics: services.metrics, settings: config.metrics, logger });
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  const admins = await store.db.selectFrom('operators').select('email').where('role', '=', 'admin').execute();
  const lines = [
    '',
    `  Frontline is running on ${store.dialect === 'sqlite' ? `SQLite (${config.dataDir})` : 'PostgreSQL'}`,
    `  Operator workspace: ${url}/app/`,
    `  Widget demo page:   ${url}/demo/`,
    `  API docs:           ${url}/api/docs`,
    admins.length > 0
      ? `  Log in as ${admins.map((a) => a.email).join(', ')}${config.admin ? ' (password from FRONTLINE_ADMIN_PASSWORD)' : ''}`
      : '  No operator exists yet: restart with FRONTLINE_ADMIN_EMAIL and FRONTLINE_ADMIN_PASSWORD set, or run\n' +
        '    npm run cli -- user create --email you@example.com --password ... --role admin',
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== '').join('\n') + '\n\n');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await services.stop();
    await app.close();
    await metricsServer?.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Frontline failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (error instanceof Error && error.cause instanceof Error)
    process.stderr.write(`  cause: ${error.cause.message}\n`);
  process.exit(1);
});
