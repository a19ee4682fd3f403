import type { DialectName } from '../../src/store/dialect-name.ts';
import type { FakeChannelAdapter } from './fake-channel-adapter.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * Starts a server whose web chat sends through `webchat` and whose clock reads `now()` (the test moves it),
 * with no background workers: only the test's `dispatcher.runOnce()` calls deliver.
 */
export function startWithFakeWebChat(
  dialect: DialectName,
  webchat: FakeChannelAdapter,
  now: () => number,
  env?: Record<string, string>,
): Promise<TestServer> {
  return startTestServer(dialect, {
    clock: { now: () => new Date(now()) },
    workers: false,
    env,
    adapters: { webchat: webchat.adapter },
  });
}
