import { loadConfig, withPersistentSecretKey } from './config.ts';
import { createFrontline } from './create-frontline.ts';
import { defaultAssets } from './http/create-app.ts';
import { startMetricsServer } from './http/start-metrics-server.ts';
import { createLogger } from './lib/logger.ts';

/** The server process: config → Frontline (create-frontline.ts) → listen → workers; stops on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = withPersistentSecretKey(loadConfig());
  const logger = createLogger(config.logLevel);
  const frontline = await createFrontline({
    config,
    logger,
    admin: config.admin,
    app: { assets: defaultAssets() },
  });
  const { app, services } = frontline;
  await frontline.start();
  await app.listen({ port: config.port, host: config.host });
  const metricsServer =
    config.metrics.port === undefined
      ? undefined
      : await startMetricsServer({ metrics: services.metrics, settings: config.metrics, logger });
  const url = config.publicUrl ?? `http://localhost:${config.port}`;
  const admins = await services.operators.adminEmails();
  const lines = [
    '',
    `  Frontline is running on ${services.store.dialect === 'sqlite' ? `SQLite (${config.dataDir})` : 'PostgreSQL'}`,
    `  Operator workspace: ${url}/app/`,
    `  Widget demo page:   ${url}/demo/`,
    `  API docs:           ${url}/api/docs`,
    admins.length > 0
      ? `  Log in as ${admins.join(', ')}${config.admin ? ' (password from FRONTLINE_ADMIN_PASSWORD)' : ''}`
      : '  No operator exists yet: restart with FRONTLINE_ADMIN_EMAIL and FRONTLINE_ADMIN_PASSWORD set, or run\n' +
        '    npm run cli -- user create --email you@example.com --password ... --role admin',
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== '').join('\n') + '\n\n');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await metricsServer?.close();
    await frontline.close();
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
