/**
 * HTTP for the sync engine. Requests go from the page (not the service worker), carry the bearer
 * token, and fail in one of two ways the engine tells apart:
 * - NetworkError: no answer at all (offline, DNS, connection reset) — keep everything, retry later;
 * - HttpError: an answer with a status and, normally, `{error:{code,message}, …extra}`.
 */

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('No connection to Fieldkeep.', { cause });
    this.name = 'NetworkError';
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error body: some codes carry extra fields (409 out_of_order: lastMutationId). */
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** Worth retrying later, unchanged: the server (or a proxy) failed, or asked us to wait. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export interface CallOptions {
  token: string;
  json?: unknown;
  body?: Blob;
  signal?: AbortSignal;
}

export async function call(method: 'GET' | 'POST' | 'PUT' | 'HEAD', path: string, opts: CallOptions): Promise<{ status: number; data: unknown }> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body) {
    headers['content-type'] = opts.body.type || 'application/octet-stream';
    body = opts.body;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'omit', cache: 'no-store', signal: opts.signal ?? AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new NetworkError(err);
  }
  const text = method === 'HEAD' ? '' : await res.text().catch(() => '');
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (res.ok || (method === 'HEAD' && res.status === 404)) return { status: res.status, data };
  const obj = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const err = (obj.error && typeof obj.error === 'object' ? obj.error : {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : `http_${res.status}`;
  const message = typeof err.message === 'string' ? err.message : `Fieldkeep answered ${res.status}.`;
  throw new HttpError(res.status, code, message, obj);
}
