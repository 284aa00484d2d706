import type { AppErrorCode, TErrorBody } from '@fieldkeep/domain';

type Issue = NonNullable<TErrorBody['error']['issues']>[number];
type ClientErrorCode = AppErrorCode | 'network_error' | 'bad_response';

/** Every failed call throws this: `code` is stable (match on it), `message` is for people. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly issues: Issue[] = [],
    /** The whole answer: some codes carry more beside `error` (allocation_refused: `check`; import_invalid: `rows`). */
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
let onUnauthenticated: Listener | undefined;

/** Called when a signed-in call answers 401, so the session can end and the app send people to sign in. */
export function setUnauthenticatedListener(listener: Listener | undefined): void {
  onUnauthenticated = listener;
}

const PUBLIC_PATHS = ['/api/auth/login', '/api/auth/me', '/api/auth/password-reset', '/api/auth/invitation'];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    // The server only takes JSON bodies; `{}` when there is nothing to say.
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError('network_error', 'Cannot reach the Fieldkeep server. Check your connection and try again.', 0);
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  const err = (data as Partial<TErrorBody> | undefined)?.error;
  if (!err || typeof err.code !== 'string') {
    throw new ApiError('bad_response', `The server answered ${res.status} without an explanation. Try again in a moment.`, res.status);
  }
  if (err.code === 'unauthenticated' && !PUBLIC_PATHS.some((p) => path.startsWith(p))) onUnauthenticated?.();
  throw new ApiError(err.code, err.message, res.status, err.issues ?? [], data);
}

export const seg = (id: string) => encodeURIComponent(id);

/** `?a=1&b=x` from the defined, non-empty values (undefined, null and '' are left out). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `validation_failed` issues by field name, for showing beside the field ("body.email" → "email", "body.args.text" → "text"). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    // Work queued on a replica names its fields inside `args` ("args.description" → "description").
    const field = issue.path.replace(/^(body|query|querystring|params)\./, '').replace(/^args\./, '');
    out[field] ??= issue.message;
  }
  return out;
}
