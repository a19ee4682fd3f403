import { loginAs, type LoggedIn, type TestServer } from './test-server.ts';

/** Logs in an admin of every seeded queue (1, 2, 3), as the channel tests connect channels with. */
export function loginAdmin(server: TestServer, email = 'admin@example.com'): Promise<LoggedIn> {
  return loginAs(server, { email, role: 'admin', queueIds: [1, 2, 3] });
}

/** Logs in an operator who is online in `queueIds`, so routing assigns new cases of those queues to them. */
export function loginOnlineOperator(
  server: TestServer,
  email: string,
  queueIds: number[],
  capacity?: number,
): Promise<LoggedIn> {
  return loginAs(server, { email, queueIds, online: true, ...(capacity ? { capacity } : {}) });
}

/** Logs in a supervisor of no queue in particular (a supervisor sees every queue). */
export function loginSupervisor(server: TestServer, email: string): Promise<LoggedIn> {
  return loginAs(server, { email, role: 'supervisor', queueIds: [] });
}

/** Logs in an operator of `queueIds` who stays offline: routing assigns them nothing, the cases stay queued. */
export function loginOfflineOperator(
  server: TestServer,
  email: string,
  queueIds: number[],
): Promise<LoggedIn> {
  return loginAs(server, { email, queueIds });
}
