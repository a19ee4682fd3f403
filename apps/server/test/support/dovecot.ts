import { execFile, spawn } from 'node:child_process';
import {
  access,
  appendFile,
  chmod,
  chown,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport } from 'nodemailer';
import { freePort } from './helpers.ts';
import { startMailSink, type MailSink } from '@frontline/fakes';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);

const dovecotBin = '/usr/sbin/dovecot';
const doveadmBin = '/usr/bin/doveadm';
const host = '127.0.0.1';

/** A private Dovecot (IMAP + LMTP on loopback, passwd-file users, Maildir in a temp dir) for one test file. */
export interface Dovecot {
  host: '127.0.0.1';
  imapPort: number;
  lmtpPort: number;
  /** The instance's directory: config, `log/dovecot.log`, `mail/<user>/Maildir`. */
  dir: string;
  /** Adds a login (passwd-file line); Dovecot re-reads the file on the next login, no reload needed. */
  addUser(address: string, password: string): Promise<void>;
  /** Delivers one raw mail to `to`'s INBOX over LMTP, like the MTA in front of a real mailbox would. */
  deliver(to: string, raw: Buffer | string): Promise<void>;
  /** Deletes and re-creates a mailbox (default INBOX) with its mails: new UIDVALIDITY, UIDs restart at 1. */
  recreateMailbox(user: string, mailbox?: string): Promise<void>;
  /** What the server says about a mailbox now (via doveadm, not IMAP). */
  mailboxStatus(user: string, mailbox?: string): Promise<MailboxStatus>;
  /** Stops the server but keeps config, users and mail; `startServer()` brings it back on the same ports. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

export interface MailboxStatus {
  messages: number;
  uidValidity: number;
  uidNext: number;
  /** Mails without the Seen flag: a reader that only reads must leave this alone. */
  unseen: number;
}

/**
 * Starts a private Dovecot as root (its login and mail processes drop to dovenull/vmail), in its own temp
 * dir with its own `base_dir` and free ports, so parallel test files each get one.
 *
 * @example
 * const dovecot = await startDovecot();
 * await dovecot.addUser('support@example.test', 'secret');
 * await dovecot.deliver('support@example.test', 'Subject: hi\r\n\r\nhello\r\n');
 * await dovecot.stop();
 */
export async function startDovecot(): Promise<Dovecot> {
  await checkPrerequisites();
  const vmail = await systemUser('vmail');
  if (!vmail) {
    throw new Error(
      'Dovecot tests need a system user "vmail" to own the Maildirs: run `useradd -r -u 5000 vmail`',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'frontline-dovecot-'));
  // the login and mail processes run as dovenull/vmail and must be able to walk into the dir
  await chmod(dir, 0o755);
  const paths = {
    conf: join(dir, 'dovecot.conf'),
    users: join(dir, 'users'),
    run: join(dir, 'run'),
    mail: join(dir, 'mail'),
    log: join(dir, 'log', 'dovecot.log'),
    startLog: join(dir, 'log', 'start.log'),
  };
  await Promise.all(['state', 'log', 'mail'].map((d) => mkdir(join(dir, d))));
  await chown(paths.mail, vmail.uid, vmail.gid);
  await writeFile(paths.users, '', { mode: 0o644 });

  const instanceName = basename(dir);
  let imapPort = 0;
  let lmtpPort = 0;
  let running = false;

  const doveadm = async (...args: string[]): Promise<string> => {
    try {
      return (await run(doveadmBin, ['-c', paths.conf, ...args])).stdout;
    } catch (error) {
      const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
      throw new Error(`doveadm ${args.join(' ')} failed: ${stderr.trim() || String(error)}`, {
        cause: error,
      });
    }
  };

  const startServer = async (): Promise<void> => {
    if (running) return;
    // a fresh base_dir: stale sockets of a previous run would be taken for live ones
    await rm(paths.run, { recursive: true, force: true });
    await mkdir(paths.run);
    const status = await spawnDaemon(paths.conf, paths.startLog);
    if (status !== 0) {
      const why = await readFile(paths.startLog, 'utf8').catch(() => '');
      throw new Error(`dovecot -c ${paths.conf} exited with ${status}: ${why.trim()}`);
    }
    running = true;
    await waitForGreeting(imapPort, 10_000, paths.log);
  };

  const stopServer = async (): Promise<void> => {
    if (!running) return;
    running = false;
    const pid = Number((await readFile(join(paths.run, 'master.pid'), 'utf8').catch(() => '')).trim());
    await doveadm('stop').catch(() => undefined);
    if (pid > 0) await waitForExit(pid, 10_000);
    // The master leaves its IMAP sessions (and log/stats) running: end them like a real shutdown would.
    await stopProcesses(await instanceProcesses(instanceName));
  };

  // Ports are free when picked but may be taken before Dovecot binds them (another worker): pick again.
  for (let attempt = 1; ; attempt++) {
    imapPort = await freePort();
    lmtpPort = await freePort();
    await writeFile(paths.conf, dovecotConf(dir, paths, vmail.uid, imapPort, lmtpPort));
    try {
      await startServer();
      break;
    } catch (error) {
      const inUse = error instanceof Error && /address already in use|bind\(/i.test(error.message);
      if (!inUse || attempt >= 3) {
        await stopServer().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  return {
    host,
    dir,
    get imapPort() {
      return imapPort;
    },
    get lmtpPort() {
      return lmtpPort;
    },
    async addUser(address, password) {
      if (/[:\s]/.test(address) || /[\r\n]/.test(password)) {
        throw new Error(`addUser: "${address}" cannot be written as a passwd-file line`);
      }
      await appendFile(paths.users, `${address}:{PLAIN}${password}\n`);
      // the auth process notices the changed file on a later lookup, not always the next one
      const deadline = Date.now() + 5000;
      while (
        !(await doveadm('auth', 'test', address, password).then(
          () => true,
          () => false,
        ))
      ) {
        if (Date.now() > deadline) throw new Error(`Dovecot does not accept the new login ${address}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async deliver(to, raw) {
      const transport = createTransport({ lmtp: true, host, port: lmtpPort });
      try {
        const info = await transport.sendMail({ envelope: { from: 'sender@example.org', to: [to] }, raw });
        if (info.rejected.length > 0) throw new Error(`LMTP rejected ${to}: ${info.response}`);
      } finally {
        transport.close();
      }
    },
    async recreateMailbox(user, mailbox = 'INBOX') {
      const before = await status(doveadm, user, mailbox);
      // Dovecot does not reliably notice a mailbox replaced under an open session: end the sessions first
      // (as a server does when a mailbox is restored), and again after, for one that logged in meanwhile.
      await kick(doveadm, user);
      if (mailbox.toUpperCase() === 'INBOX') {
        // INBOX cannot be deleted over IMAP or doveadm; remove its Maildir files (not the sub-folders
        // `.Name`, not dovecot-uidvalidity) as an admin restoring a mailbox from scratch would
        const root = join(paths.mail, user, 'Maildir');
        const inboxFiles = ['cur', 'new', 'tmp', 'dovecot-uidlist', 'dovecot-keywords', 'dovecot.index'];
        const indexFiles = ['dovecot.index.log', 'dovecot.index.log.2', 'dovecot.index.cache'];
        await Promise.all(
          [...inboxFiles, ...indexFiles].map((f) => rm(join(root, f), { recursive: true, force: true })),
        );
      } else {
        await doveadm('mailbox', 'delete', '-u', user, mailbox);
        await doveadm('mailbox', 'create', '-u', user, mailbox);
      }
      const after = await status(doveadm, user, mailbox);
      if (after.uidValidity === before.uidValidity) {
        await doveadm(
          'mailbox',
          'update',
          '-u',
          user,
          '--uid-validity',
          String(before.uidValidity + 1),
          mailbox,
        );
      }
      await kick(doveadm, user);
    },
    mailboxStatus: (user, mailbox = 'INBOX') => status(doveadm, user, mailbox),
    stopServer,
    startServer,
    async stop() {
      await stopServer();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function dovecotConf(
  dir: string,
  paths: { users: string; run: string; mail: string; log: string },
  vmailUid: number,
  imapPort: number,
  lmtpPort: number,
): string {
  return `# private test instance, see apps/server/test/support/dovecot.ts
protocols = imap lmtp
instance_name = ${basename(dir)}
base_dir = ${paths.run}
state_dir = ${dir}/state
listen = ${host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# tests log in with wrong passwords on purpose: no delay, no per-IP penalty (no anvil-auth-penalty socket)
auth_failure_delay = 0
log_path = ${paths.log}
mail_location = maildir:${paths.mail}/%u/Maildir
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
mail_uid = vmail
mail_gid = vmail
first_valid_uid = ${vmailUid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${paths.users}
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=${paths.mail}/%u allow_all_users=yes
}
service imap-login {
  inet_listener imap {
    address = ${host}
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${host}
    port = ${lmtpPort}
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

async function checkPrerequisites(): Promise<void> {
  const missing: string[] = [];
  for (const file of [dovecotBin, doveadmBin, '/usr/lib/dovecot/imap', '/usr/lib/dovecot/lmtp']) {
    if (
      !(await access(file).then(
        () => true,
        () => false,
      ))
    )
      missing.push(file);
  }
  if (missing.length > 0) {
    throw new Error(
      `Dovecot is not installed (missing ${missing.join(', ')}): run ` +
        '`apt-get install -y dovecot-imapd dovecot-lmtpd` (CI does this in .ci/run)',
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the Dovecot test server must be started as root (it drops its processes to dovenull/vmail)',
    );
  }
}

async function systemUser(name: string): Promise<{ uid: number; gid: number } | null> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

/** Runs `dovecot -c conf`, which forks the daemon and exits; its output goes to a file, never to a pipe we'd wait on. */
async function spawnDaemon(conf: string, logFile: string): Promise<number | null> {
  const out = await open(logFile, 'w');
  try {
    const child = spawn(dovecotBin, ['-c', conf], { stdio: ['ignore', out.fd, out.fd] });
    return await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code));
    });
  } finally {
    await out.close();
  }
}

async function status(
  doveadm: (...args: string[]) => Promise<string>,
  user: string,
  mailbox: string,
): Promise<MailboxStatus> {
  const out = await doveadm(
    '-f',
    'flow',
    'mailbox',
    'status',
    '-u',
    user,
    'messages uidvalidity uidnext unseen',
    mailbox,
  );
  const field = (name: string) => {
    const value = new RegExp(`\\b${name}=(\\d+)`).exec(out)?.[1];
    if (value === undefined) throw new Error(`doveadm mailbox status: no ${name} in "${out.trim()}"`);
    return Number(value);
  };
  return {
    messages: field('messages'),
    uidValidity: field('uidvalidity'),
    uidNext: field('uidnext'),
    unseen: field('unseen'),
  };
}

async function waitForGreeting(port: number, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('data', (data) => done(data.toString('latin1').startsWith('* OK')));
      socket.once('error', () => done(false));
    });
    if (greeted) return;
    if (Date.now() > deadline) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`Dovecot did not answer on ${host}:${port} within ${timeoutMs} ms; log:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Dovecot master (pid ${pid}) did not exit within ${timeoutMs} ms`);
}

/** Pids of the processes of one Dovecot instance: their titles start with `dovecot-<instance_name>/`. */
async function instanceProcesses(instanceName: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.startsWith(`dovecot-${instanceName}/`)) pids.push(Number(entry));
  }
  return pids;
}

async function stopProcesses(pids: number[]): Promise<void> {
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  for (const pid of pids) signal(pid, 'SIGTERM');
  // IMAP sessions say BYE and exit at once; log and stats wait for clients that will not come: KILL them
  await Promise.all(pids.map((pid) => waitForExit(pid, 500).catch(() => signal(pid, 'SIGKILL'))));
}

/** Ends the IMAP sessions `user` has now and waits until their processes are gone. */
async function kick(doveadm: (...args: string[]) => Promise<string>, user: string): Promise<void> {
  // `who` prints "username # proto (pids) (ips)", one line per user with sessions
  const line = (await doveadm('who', user)).split('\n').find((l) => l.startsWith(`${user} `));
  const pids = [...(/\(([\d ]+)\)/.exec(line ?? '')?.[1]?.matchAll(/\d+/g) ?? [])].map((m) => Number(m[0]));
  if (pids.length === 0) return;
  await doveadm('kick', user).catch(() => undefined); // "no users kicked": they left meanwhile
  // a client that reconnects at once gets a new process; only the kicked ones have to end
  await Promise.all(pids.map((pid) => waitForExit(pid, 5000)));
}

/**
 * Registers hooks in the enclosing `describe`: Dovecot and an SMTP sink (where replies go) started before
 * its first test and stopped after its last; `use` receives them.
 */
export function startImapAndSinkForSuite(use: (dovecot: Dovecot, sink: MailSink) => void): void {
  let dovecot: Dovecot | undefined;
  let sink: MailSink | undefined;
  beforeAll(async () => {
    dovecot = await startDovecot();
    sink = await startMailSink();
    use(dovecot, sink);
  });
  afterAll(async () => {
    await sink?.close();
    await dovecot?.stop();
  });
}
