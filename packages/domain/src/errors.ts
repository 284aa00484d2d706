import { z } from 'zod';

/**
 * Every error code the API can answer with. Stable: clients match on these, never on messages.
 * The server maps each one to an HTTP status in a `Record<AppErrorCode, number>`, so adding a
 * code here without a status fails to compile.
 */
export const APP_ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'body_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'rate_limited',
  'forbidden',
  'not_found',
  'route_not_found',
  'conflict',
  'login_taken',
  'token_invalid',
  'email_required',
  'import_invalid',
  'allocation_refused',
  'invalid_transition',
  'hash_mismatch',
  'storage_full',
  'out_of_order',
  'unsupported_mutation',
  'device_revoked',
  'replica_unavailable',
  'read_only_replica',
  'superseded',
  'log_compacted',
  'not_ready',
  'internal_error',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export const ZAppErrorCode = z.enum(APP_ERROR_CODES);

/** The body of every 4xx/5xx answer. Extra fields may stand beside `error` where a code needs them. */
export const ZErrorBody = z
  .object({
    error: z.object({
      code: ZAppErrorCode,
      message: z.string(),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('For validation_failed: one entry per problem, path in dotted form.'),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type TErrorBody = z.infer<typeof ZErrorBody>;
