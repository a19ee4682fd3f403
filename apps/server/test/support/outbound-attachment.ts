import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboundMessage } from '../../src/channels/channel-adapter.ts';

/** Writes `bytes` as `name` into `dir` and returns it as an attachment of an outbound message. */
export async function writeOutboundAttachment(
  dir: string,
  name: string,
  bytes: Buffer,
  contentType: string,
): Promise<OutboundMessage['attachments'][number]> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return { id: name, filename: name, contentType, size: bytes.length, path };
}
