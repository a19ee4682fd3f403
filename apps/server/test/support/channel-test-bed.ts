import type { DialectName } from '../../src/store/dialect-name.ts';
import { startListeningServer, type ListeningServer } from './listening-server.ts';
import { loginAdmin, loginOnlineOperator } from './people.ts';
import type { LoggedIn, TestServer } from './test-server.ts';

/**
 * What a messenger channel's end-to-end test starts from: the provider's fake, a listening server, the admin
 * who connected the channel and an operator online in queue 2 (where the channels route new cases).
 */
export interface ChannelTestBed<Fake> extends ListeningServer {
  fake: Fake;
  admin: LoggedIn;
  operator: LoggedIn;
  channelId: number;
  /** Closes the server, then the fake. */
  close(): Promise<void>;
}

/** Starts the server around a started provider `fake`, logs the people in and lets `connect` connect the channel. */
export async function startChannelTestBed<Fake extends { close(): Promise<void> }>(
  dialect: DialectName,
  spec: {
    fake: Fake;
    operatorEmail: string;
    connect: (server: TestServer, admin: LoggedIn, base: string) => Promise<number>;
    /** What the server starts with (adapters, env…); `PUBLIC_URL` is always the listening address. */
    serverOptions?: Parameters<typeof startListeningServer>[1];
  },
): Promise<ChannelTestBed<Fake>> {
  const { fake } = spec;
  const { server, base } = await startListeningServer(dialect, spec.serverOptions);
  const admin = await loginAdmin(server);
  const operator = await loginOnlineOperator(server, spec.operatorEmail, [2]);
  const channelId = await spec.connect(server, admin, base);
  return {
    fake,
    server,
    base,
    admin,
    operator,
    channelId,
    close: async () => {
      await server.close();
      await fake.close();
    },
  };
}
