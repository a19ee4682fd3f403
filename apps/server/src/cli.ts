import { parseArgs } from 'node:util';
import { Role } from '@frontline/shared';
import { loadConfig, withPersistentSecretKey } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { createLogger } from './lib/logger.ts';
import { createServices } from './services.ts';
import { openStore } from './store/open-store.ts';
import { seed } from './store/seed.ts';

const usage = `usage:
  npm run cli -- user create --email EMAIL --password PASSWORD [--name NAME] [--role operator|supervisor|admin] [--capacity N]
  (uses DATA_DIR / DATABASE_URL like the server)`;

async function run(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  if (noun !== 'user' || verb !== 'create') {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      capacity: { type: 'string', default: '5' },
    },
  });
  const role = Role.safeParse(values.role);
  if (!values.email || !values.password || !role.success) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const config = withPersistentSecretKey(loadConfig());
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await seed(store, systemClock);
    const services = await createServices({
      config,
      logger: createLogger('warn'),
      clock: systemClock,
      store,
    });
    const queues = await store.db.selectFrom('queues').select('id').execute();
    const op = await services.operators.create(
      {
        email: values.email,
        password: values.password,
        name: values.name ?? values.email.split('@')[0] ?? values.email,
        role: role.data,
        capacity: Number(values.capacity),
        queueIds: queues.map((q) => q.id),
      },
      null,
    );
    process.stdout.write(`created ${op.role} ${op.email} (id ${op.id}) in all queues\n`);
    return 0;
  } finally {
    await store.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
