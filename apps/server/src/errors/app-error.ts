import type { AppErrorCode } from '@fieldkeep/domain';

/** HTTP status for every code. A code added to the domain union without a status fails to compile. */
export const APP_ERROR_STATUS: Record<AppErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  body_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 403,
  account_disabled: 403,
  rate_limited: 429,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  login_taken: 409,
  token_invalid: 400,
  email_required: 400,
  import_invalid: 422,
  allocation_refused: 409,
  invalid_transition: 409,
  hash_mismatch: 400,
  storage_full: 507,
  out_of_order: 409,
  unsupported_mutation: 422,
  device_revoked: 401,
  replica_unavailable: 503,
  log_compacted: 410,
  read_only_replica: 503,
  superseded: 503,
  not_ready: 503,
  internal_error: 500,
};

export interface ErrorIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: { issues?: ErrorIssue[]; headers?: Record<string, string>; extra?: Record<string, unknown> },
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found.`);
