import { parseArgs } from 'node:util';
import { ApiTokenScope, Role } from '@frontline/shared';
import { loadConfig, withPersistentSecretKey } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { createLogger } from './lib/logger.ts';
import { createServices } from './services.ts';
import { openStore } from './store/open-store.ts';
import { seed } from './store/seed.ts';

const usage = `usage:
  npm run cli -- user create --email EMAIL --password PASSWORD [--name NAME] [--role operator|supervisor|admin] [--capacity N]
  npm run cli -- token create --email EMAIL --name NAME --scopes cases:read,cases:write [--expires-days N]
  npm run cli -- token list --email EMAIL
  npm run cli -- token revoke --email EMAIL --id ID
  scopes: ${ApiTokenScope.options.join(', ')} (never more than the user's role allows)
  (uses DATA_DIR / DATABASE_URL like the server)`;

async function run(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  if (noun === 'token') return runToken(verb, rest);
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

/** `token create|list|revoke`: a user's API tokens, for scripts set up without the workspace. */
async function runToken(verb: string | undefined, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      'expires-days': { type: 'string' },
      id: { type: 'string' },
    },
  });
  const scopes = ApiTokenScope.array().safeParse(
    (values.scopes ?? '').split(',').flatMap((s) => (s.trim() === '' ? [] : [s.trim()])),
  );
  const valid =
    values.email !== undefined &&
    ((verb === 'create' && values.name !== undefined && scopes.success && scopes.data.length > 0) ||
      verb === 'list' ||
      (verb === 'revoke' && values.id !== undefined && Number.isSafeInteger(Number(values.id))));
  if (!valid || values.email === undefined) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const config = withPersistentSecretKey(loadConfig());
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const services = await createServices({
      config,
      logger: createLogger('warn'),
      clock: systemClock,
      store,
    });
    const operator = await services.operators.findByEmail(values.email);
    if (!operator || operator.disabled) {
      process.stderr.write(`no active user ${values.email}\n`);
      return 1;
    }
    if (verb === 'create') {
      const days = values['expires-days'] === undefined ? null : Number(values['expires-days']);
      const created = await services.apiTokens.create(operator, {
        name: values.name ?? '',
        scopes: scopes.success ? scopes.data : [],
        expiresInDays: days,
      });
      process.stdout.write(
        `created API token ${created.id} "${created.name}" (${created.scopes.join(', ')}; ${created.expiresAt ? `expires ${created.expiresAt}` : 'no expiry'}).\n` +
          `It is shown only now; send it as "Authorization: Bearer <token>":\n${created.token}\n`,
      );
      return 0;
    }
    if (verb === 'list') {
      for (const t of await services.apiTokens.list(operator.id)) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt}`
          : t.expiresAt
            ? `expires ${t.expiresAt}`
            : 'active';
        process.stdout.write(
          `${t.id}\t${t.prefix}…\t${t.name}\t${t.scopes.join(',')}\t${state}\tlast used ${t.lastUsedAt ?? 'never'}\n`,
        );
      }
      return 0;
    }
    const revoked = await services.apiTokens.revoke(operator.id, Number(values.id));
    process.stdout.write(`revoked API token ${revoked.id} "${revoked.name}"\n`);
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
