import { issueProblem } from '../lib/field-problem.ts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z, ZodError } from 'zod';
import { AppError, type ErrorCode } from '../lib/errors.ts';
import { isStorageFull } from '../store/is-storage-full.ts';
import { isStoreUnavailable } from '../store/is-store-unavailable.ts';

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Fastify's own error codes mapped to ours, so every error body has the same shape and a stable code. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ATTACHMENT_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'BAD_REQUEST',
  FST_REQ_FILE_TOO_LARGE: 'ATTACHMENT_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'BAD_REQUEST',
};

/** A 429's details say when to come back; the same goes into `Retry-After`. */
const RetryDetails = z.object({ retryAfterSeconds: z.number().int().min(0) });

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const retry = error.status === 429 ? RetryDetails.safeParse(error.details) : undefined;
    if (retry?.success) void reply.header('retry-after', String(retry.data.retryAfterSeconds));
    return send(reply, error.status, error.code, error.message, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) =>
      issueProblem(v.instancePath, { ...v.params, code: v.keyword, message: v.message }),
    );
    return send(
      reply,
      400,
      'VALIDATION_FAILED',
      `invalid request: ${details.map((d) => `${d.path || '(root)'} ${d.message}`).join('; ')}`,
      details,
    );
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => issueProblem(i.path.join('.'), { ...i }));
    return send(reply, 400, 'VALIDATION_FAILED', 'invalid request', details);
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) {
    const status = error.statusCode ?? 400;
    return send(reply, status === 415 ? 415 : status, status === 415 ? 'BAD_REQUEST' : mapped, error.message);
  }
  if (error.statusCode === 429) return send(reply, 429, 'RATE_LIMITED', error.message);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return send(reply, error.statusCode, 'BAD_REQUEST', error.message);
  }
  if (isStorageFull(error)) {
    request.log.error({ code: error.code, reason: error.message }, 'storage full: a write was refused');
    return send(
      reply,
      507,
      'INSUFFICIENT_STORAGE',
      'the server has no space left to store this; nothing was saved — try again later',
    );
  }
  if (isStoreUnavailable(error)) {
    // The database is away (restarting, connection dropped). A write cut off at its commit may or may not
    // have been stored; sending the same request again is safe (writes are idempotent on their client or
    // provider ids).
    request.log.warn({ code: error.code, reason: error.message }, 'store unavailable');
    reply.header('retry-after', '5');
    return send(
      reply,
      503,
      'STORE_UNAVAILABLE',
      'the database is not reachable right now; try again shortly',
    );
  }
  request.log.error({ err: error, ip: request.ip }, 'unhandled error');
  return send(reply, 500, 'INTERNAL', 'internal error; it has been logged');
}
