import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';

/** Reads the single multipart field `file` into memory (the multipart plugin enforces the size limit). */
export async function readUpload(request: FastifyRequest): Promise<{ filename: string; bytes: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('BAD_REQUEST', 'send the file as multipart/form-data, field "file"');
  const part = await request.file();
  if (!part || part.fieldname !== 'file')
    throw new AppError('BAD_REQUEST', 'multipart field "file" is missing');
  const bytes = await part.toBuffer();
  if (part.file.truncated) throw new AppError('ATTACHMENT_TOO_LARGE', 'the file is too large');
  return { filename: part.filename, bytes };
}
