import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { DialectName } from '../../src/store/dialect-name.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** What `startTestServer` takes (clock, workers, env, adapters…). */
type TestServerOptions = NonNullable<Parameters<typeof startTestServer>[1]>;

/** A vitest hook registrar (`beforeEach`, `afterAll`…). */
type Hook = (run: () => Promise<void>) => void;

function startServerBetween(
  before: Hook,
  after: Hook,
  dialect: DialectName,
  use: (server: TestServer) => void,
  options: TestServerOptions,
): void {
  let server: TestServer | undefined;
  before(async () => {
    server = await startTestServer(dialect, options);
    use(server);
  });
  after(async () => {
    await server?.close();
    server = undefined;
  });
}

/**
 * Registers hooks in the enclosing `describe` that start a fresh test server before each test and close it
 * after; `use` receives each new server (assign it to the suite's `let server`).
 */
export function startServerForEachTest(
  dialect: DialectName,
  use: (server: TestServer) => void,
  options: TestServerOptions = {},
): void {
  startServerBetween(beforeEach, afterEach, dialect, use, options);
}

/**
 * Registers hooks in the enclosing `describe` that start one test server before its first test and close it
 * after its last; `use` receives the server (assign it to the suite's `let server`).
 */
export function startServerForSuite(
  dialect: DialectName,
  use: (server: TestServer) => void,
  options: TestServerOptions = {},
): void {
  startServerBetween(beforeAll, afterAll, dialect, use, options);
}
