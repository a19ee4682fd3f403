import { ChannelError } from '../../src/lib/errors.ts';

/** The ChannelError `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function channelError(promise: Promise<unknown>): Promise<ChannelError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}
