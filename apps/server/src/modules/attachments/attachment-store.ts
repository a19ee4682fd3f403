import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chatAttachmentLimits } from '@frontline/shared';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { mediaTypeEssence } from '../../lib/media-type-essence.ts';
import type { Store } from '../../store/store.ts';
import type { StoredAttachment } from '../views.ts';
import { sanitizeFilename } from './sanitize-filename.ts';

export interface UploadInput {
  filename: string;
  bytes: Buffer;
  /** Who uploaded it: an operator, a web-chat visitor, or a channel (media fetched from a provider). */
  by: { operatorId: number } | { identityId: number } | { channelAccountId: number };
}

/** Detects the real type from the bytes; the declared type is never trusted. */
export async function sniffContentType(bytes: Buffer): Promise<string | null> {
  // file-type is loaded with the first file, not at start-up.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return detected.mime;
  // Plain text has no magic number: accept valid UTF-8 without control bytes other than whitespace.
  if (bytes.includes(0)) return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\x01-\x08\x0e-\x1f]/.test(text)) return null;
  // Markup a browser would sniff as HTML/XML (WHATWG MIME sniffing patterns) is not plain text.
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 64)
    .toLowerCase();
  if (
    /^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|object|embed)[\s>/]/.test(
      head,
    )
  )
    return 'text/html';
  if (head.startsWith('<!--')) return 'text/html';
  if (head.startsWith('<?xml')) return 'text/xml';
  return 'text/plain';
}

/** Attachment files on local disk (DATA_DIR/files), metadata in the store. */
export class AttachmentStore {
  private readonly dir: string;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      dataDir: string;
      /** Uploads never sent with a message are deleted after this long (default a day). */
      unattachedTtlMs?: number;
    },
    private readonly limits: { maxBytes: number; allowedTypes: readonly string[] } = chatAttachmentLimits,
  ) {
    this.dir = join(deps.dataDir, 'files');
  }

  pathOf(id: string): string {
    return join(this.dir, id);
  }

  async upload(
    input: UploadInput,
    limits: { maxBytes: number; allowedTypes: readonly string[] } = this.limits,
  ): Promise<StoredAttachment> {
    if (input.bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'the file is empty');
    if (input.bytes.length > limits.maxBytes) {
      throw new AppError(
        'ATTACHMENT_TOO_LARGE',
        `files up to ${limits.maxBytes / 1024 / 1024} MB are accepted`,
      );
    }
    const contentType = await sniffContentType(input.bytes);
    // Allow-lists name essences: a voice note sniffed as `audio/ogg; codecs=opus` is `audio/ogg`.
    if (
      contentType === null ||
      !limits.allowedTypes.some((allowed) => mediaTypeEssence(allowed) === mediaTypeEssence(contentType))
    ) {
      throw new AppError(
        'ATTACHMENT_TYPE_NOT_ALLOWED',
        `this file type is not accepted (allowed: ${limits.allowedTypes.join(', ')})`,
        { details: { detected: contentType } },
      );
    }
    const id = randomBytes(16).toString('hex');
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.pathOf(id)}.tmp`;
    try {
      await writeFile(tmp, input.bytes, { flush: true });
      await rename(tmp, this.pathOf(id));
    } catch (error) {
      // A disk that filled up mid-write leaves a partial file: give its space back.
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    const meta: StoredAttachment = {
      id,
      filename: sanitizeFilename(input.filename),
      contentType,
      size: input.bytes.length,
    };
    await this.deps.store.write(async (tx) => {
      await tx.db
        .insertInto('attachments')
        .values({
          id,
          filename: meta.filename,
          content_type: contentType,
          size: meta.size,
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          uploaded_by_operator_id: 'operatorId' in input.by ? input.by.operatorId : null,
          uploaded_by_identity_id: 'identityId' in input.by ? input.by.identityId : null,
          created_at: this.deps.clock.now().toISOString(),
        })
        .execute();
    });
    return meta;
  }

  async read(id: string): Promise<{ meta: StoredAttachment; bytes: Buffer } | null> {
    if (!/^[0-9a-f]{32}$/.test(id)) return null;
    const row = await this.deps.store.db
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const bytes = await readFile(this.pathOf(id));
    return { meta: { id, filename: row.filename, contentType: row.content_type, size: row.size }, bytes };
  }

  /** Metadata of attachments an operator uploaded (an operator may only attach their own uploads). */
  async ownedByOperator(operatorId: number, ids: string[]): Promise<StoredAttachment[]> {
    if (ids.length === 0) return [];
    const rows = await this.deps.store.db
      .selectFrom('attachments')
      .select(['id', 'filename', 'content_type', 'size'])
      .where('id', 'in', ids)
      .where('uploaded_by_operator_id', '=', operatorId)
      .execute();
    return ids.map((id) => {
      const r = rows.find((x) => x.id === id);
      if (!r) throw new AppError('ATTACHMENT_NOT_FOUND', `attachment ${id} not found`);
      return { id: r.id, filename: r.filename, contentType: r.content_type, size: r.size };
    });
  }

  /**
   * Deletes up to `batch` uploads that were never sent with a message and are older than the time
   * uploads may wait (a day): the row, then the file. Returns how many were looked at (a full batch: call
   * again).
   */
  async deleteUnattached(batch = 500): Promise<number> {
    const ttl = this.deps.unattachedTtlMs ?? 24 * 3600_000;
    const cutoff = new Date(this.deps.clock.now().getTime() - ttl).toISOString();
    const rows = await this.deps.store.db
      .selectFrom('attachments')
      .select('id')
      .where('message_id', 'is', null)
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(batch)
      .execute();
    if (rows.length === 0) return 0;
    // Rows first, in a write: one sent meanwhile keeps its row and its file.
    const deleted = await this.deps.store.write((tx) =>
      tx.db
        .deleteFrom('attachments')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .where('message_id', 'is', null)
        .returning('id')
        .execute(),
    );
    for (const { id } of deleted) await rm(this.pathOf(id), { force: true });
    return rows.length;
  }
}
