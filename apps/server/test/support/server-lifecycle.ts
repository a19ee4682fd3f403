import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { DialectName } from '../../src/store/dialect-name.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** What `startTestServer` takes (clock, workers, env, adapters…). */
type TestServerOptions = NonNullable<Parameters<typeof startTestServer>[1]>;

/** A vitest hook registrar (`beforeEach`, `afterAll`…). */
type Hook = (run: () => Promise<void>) => void;

/** Receives the started server (a suite assigns it to its `let server`). */
type UseServer = (server: TestServer) => void;

function startServerBetween(
  before: Hook,
  after: Hook,
  dialect: DialectName,
  use: UseServer,
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

/** Registers hooks in the enclosing `describe`: a fresh test server before each test, closed after it. */
export const startServerForEachTest = (
  dialect: DialectName,
  use: UseServer,
  options: TestServerOptions = {},
) => startServerBetween(beforeEach, afterEach, dialect, use, options);

/** Registers hooks in the enclosing `describe`: one test server before its first test, closed after its last. */
export const startServerForSuite = (dialect: DialectName, use: UseServer, options: TestServerOptions = {}) =>
  startServerBetween(beforeAll, afterAll, dialect, use, options);
