import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { TErrorBody } from '@fieldkeep/domain';
import { AppError, type ErrorIssue } from '../errors/app-error.js';
import { recordServerError } from '../status/error-recorder.js';

/** Fastify's own errors for malformed requests, mapped to our stable codes. */
const FASTIFY_CODES: Record<string, AppError['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const validation = err.validation as ReadonlyArray<{ instancePath: string; message?: string }>;
    const context = (err as { validationContext?: string }).validationContext;
    const issues: ErrorIssue[] = validation.map((v) => ({
      path: [context, ...v.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.'),
      message: v.message ?? 'Invalid value.',
    }));
    const first = issues[0];
    return new AppError('validation_failed', first ? `${first.path}: ${first.message}` : 'The request is not valid.', { issues });
  }
  const fe = err as Partial<FastifyError> & { body?: unknown };
  if (fe.code && FASTIFY_CODES[fe.code]) {
    const code = FASTIFY_CODES[fe.code];
    if (code) return new AppError(code, fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is too large.' : (fe.message ?? 'Bad request.'));
  }
  // The disk is full (SQLite: SQLITE_FULL / an I/O error; files: ENOSPC; PostgreSQL: 53100): the write
  // is refused whole, nothing is acknowledged, and the client keeps its data and tries again.
  if (isStorageFull(err)) return new AppError('storage_full', 'The server has no room to store this now; it is kept on the phone (or in the browser) and sent again later.');
  if (err instanceof SyntaxError && fe.statusCode === 400) return new AppError('invalid_json', 'The request body is not valid JSON.');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('validation_failed', fe.message ?? 'Bad request.');
  }
  return new AppError('internal_error', 'Something went wrong on the server. The request id identifies it in the server log.');
}

function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100';
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const appErr = toAppError(err);
  if (appErr.code === 'internal_error' || appErr.code === 'storage_full') {
    req.log.error({ err, responseSerialization: isResponseSerializationError(err as never) }, 'request failed');
    recordServerError(req, err, appErr.code);
  } else {
    req.log.info({ code: appErr.code, msg: appErr.message }, 'request refused');
  }
  for (const [k, v] of Object.entries(appErr.details?.headers ?? {})) void reply.header(k, v);
  // Extra fields a code needs (an allocation's findings, an import's row errors) stand beside `error`.
  const body: TErrorBody & Record<string, unknown> = {
    ...appErr.details?.extra,
    error: { code: appErr.code, message: appErr.message, ...(appErr.details?.issues ? { issues: appErr.details.issues } : {}) },
  };
  void reply.status(appErr.status).type('application/json').send(body);
}
