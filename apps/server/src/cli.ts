import { parseArgs } from 'node:util';
import { ApiTokenScope, Role } from '@frontline/shared';
import { adminNouns, adminUsage, parseQueueIds, runAdminCommand, UsageError } from './cli-admin.ts';
import { loadConfig, withPersistentSecretKey } from './config.ts';
import { systemClock } from './lib/clock.ts';
import { AuditLog } from './modules/audit/audit-log.ts';
import { ApiTokenService } from './modules/auth/api-token-service.ts';
import { OperatorAccounts } from './modules/operators/operator-accounts.ts';
import { QueueDirectory } from './modules/queues/queue-directory.ts';
import { openStore } from './store/open-store.ts';
import { seed } from './store/seed.ts';
import type { Store } from './store/store.ts';

const usage = `usage:
  npm run cli -- user create --email EMAIL --password PASSWORD [--name NAME] [--role operator|supervisor|admin] [--capacity N] [--queues all|none|1,2]
  npm run cli -- token create --email EMAIL --name NAME --scopes cases:read,cases:write [--expires-days N]
  npm run cli -- token list --email EMAIL
  npm run cli -- token revoke --email EMAIL --id ID
${adminUsage}
  scopes: ${ApiTokenScope.options.join(', ')} (never more than the user's role allows)
  --queues of user create: all queues by default
  (uses DATA_DIR / DATABASE_URL like the server)`;

async function run(argv: string[]): Promise<number> {
  const [noun, verb, ...rest] = argv;
  if (noun === 'token') return runToken(verb, rest);
  if (noun !== undefined && adminNouns.has(noun)) return runAdmin(noun, verb, rest);
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
      // Backwards compatible: a new user is in every queue unless told otherwise.
      queues: { type: 'string', default: 'all' },
    },
  });
  const role = Role.safeParse(values.role);
  if (!values.email || !values.password || !role.success) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const store = await openCliStore();
  try {
    await seed(store, systemClock);
    const operators = operatorAccounts(store);
    const queueIds = parseQueueIds(values.queues, await new QueueDirectory({ store }).ids());
    const op = await operators.create(
      {
        email: values.email,
        password: values.password,
        name: values.name ?? values.email.split('@')[0] ?? values.email,
        role: role.data,
        capacity: Number(values.capacity),
        queueIds,
      },
      null,
    );
    const where = values.queues === 'all' ? 'all queues' : `queues: ${op.queueIds.join(', ') || 'none'}`;
    process.stdout.write(`created ${op.role} ${op.email} (id ${op.id}) in ${where}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `queue`, `skill`, `entry-point`, `operator` commands (cli-admin.ts); a usage error exits with 2. */
async function runAdmin(noun: string, verb: string | undefined, args: string[]): Promise<number> {
  const store = await openCliStore();
  try {
    await seed(store, systemClock);
    return await runAdminCommand(store, noun, verb, args);
  } catch (error) {
    // parseArgs refuses unknown or malformed options with ERR_PARSE_ARGS_* errors.
    const argsError =
      error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof UsageError) && !argsError) throw error;
    process.stderr.write(`${error.message}\n${usage}\n`);
    return 2;
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
  const store = await openCliStore();
  try {
    const operators = operatorAccounts(store);
    const apiTokens = new ApiTokenService({
      store,
      clock: systemClock,
      operators,
      audit: new AuditLog(systemClock),
    });
    const operator = await operators.findByEmail(values.email);
    if (!operator || operator.disabled) {
      process.stderr.write(`no active user ${values.email}\n`);
      return 1;
    }
    if (verb === 'create') {
      const days = values['expires-days'] === undefined ? null : Number(values['expires-days']);
      const created = await apiTokens.create(operator, {
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
      for (const t of await apiTokens.list(operator.id)) {
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
    const revoked = await apiTokens.revoke(operator.id, Number(values.id));
    process.stdout.write(`revoked API token ${revoked.id} "${revoked.name}"\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The store the server uses (DATA_DIR / DATABASE_URL): the CLI builds only the modules its command needs. */
async function openCliStore(): Promise<Store> {
  const config = withPersistentSecretKey(loadConfig());
  return openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

/** Operator accounts on `store`: the store, the clock and the audit log, nothing of the live system. */
function operatorAccounts(store: Store): OperatorAccounts {
  return new OperatorAccounts({ store, clock: systemClock, audit: new AuditLog(systemClock) });
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
