import { listen, WsClient } from './helpers.ts';
import type { LoggedIn, TestServer } from './test-server.ts';

/** Which realtime events an operator socket asks for: replay after `since`, the cases it views. */
export interface OperatorSocketQuery {
  since?: number;
  view?: number[];
}

/**
 * The WebSockets a test file opens against a server listening on a port — operator realtime sockets and
 * visitor chat sockets; `closeAll()` (after each test) closes those still open, so no test leaks one.
 */
export class TestSockets {
  private readonly opened: WsClient[] = [];

  private constructor(
    /** `ws://host:port` of the listening server. */
    readonly base: string,
  ) {}

  /** Makes `server` listen on a free port and returns the sockets of it. */
  static async listen(server: TestServer): Promise<TestSockets> {
    return new TestSockets(await listen(server));
  }

  /** An operator's realtime socket (`/api/v1/realtime`) on `as`'s session cookie. */
  operator(
    as: LoggedIn,
    query: OperatorSocketQuery = {},
    headers: Record<string, string> = {},
  ): Promise<WsClient> {
    const params = new URLSearchParams();
    if (query.since !== undefined) params.set('since', String(query.since));
    if (query.view?.length) params.set('view', query.view.join(','));
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.track(
      WsClient.connect(`${this.base}/api/v1/realtime${search}`, { cookie: as.cookie, ...headers }),
    );
  }

  /** A visitor's chat socket (`/api/v1/chat/ws`) on their token, replaying after `since`. */
  visitor(token: string, since = 0): Promise<WsClient> {
    return this.track(
      WsClient.connect(`${this.base}/api/v1/chat/ws?token=${encodeURIComponent(token)}&since=${since}`),
    );
  }

  /** Closes every socket opened here that is still open. */
  async closeAll(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((s) => s.close()));
  }

  private async track(connecting: Promise<WsClient>): Promise<WsClient> {
    const ws = await connecting;
    this.opened.push(ws);
    return ws;
  }
}
