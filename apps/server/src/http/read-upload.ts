import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../lib/errors.ts';

/** The part of a multipart/busboy error we look at (they are plain errors, some with a Fastify code). */
const CodedError = z.object({ code: z.string().optional(), message: z.string() });

/** A multipart failure as our error: too large stays 413, anything else about the body is a 400. */
function uploadError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const parsed = CodedError.safeParse(error);
  const code = parsed.success ? parsed.data.code : undefined;
  const message = parsed.success ? parsed.data.message : 'unreadable body';
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError('ATTACHMENT_TOO_LARGE', 'the file is too large', { cause: error });
  return new AppError(
    'UPLOAD_MALFORMED',
    `the multipart/form-data body could not be read (${message}); send one part named "file" with a filename`,
    { cause: error },
  );
}

/** Reads the single multipart field `file` into memory (the multipart plugin enforces the size limit). */
export async function readUpload(request: FastifyRequest): Promise<{ filename: string; bytes: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('BAD_REQUEST', 'send the file as multipart/form-data, field "file"');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file')
      throw new AppError('BAD_REQUEST', 'multipart field "file" is missing');
    const bytes = await part.toBuffer();
    if (part.file.truncated) throw new AppError('ATTACHMENT_TOO_LARGE', 'the file is too large');
    return { filename: part.filename, bytes };
  } catch (error) {
    throw uploadError(error);
  }
}
