import type {
  AppErrorCode,
  TAuditEntry,
  TClient,
  TCreateClientRequest,
  TCreateUserRequest,
  TErrorBody,
  TLoginResponse,
  TMessage,
  TSessionUser,
  TUpdateUserRequest,
  TUser,
} from '@fieldkeep/domain';

type Issue = NonNullable<TErrorBody['error']['issues']>[number];
type ClientErrorCode = AppErrorCode | 'network_error' | 'bad_response';

/** Every failed call throws this: `code` is stable (match on it), `message` is for people. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly issues: Issue[] = [],
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

async function request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (method !== 'GET') {
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
  throw new ApiError(err.code, err.message, res.status, err.issues ?? []);
}

const seg = (id: string) => encodeURIComponent(id);

export const api = {
  login: (email: string, password: string) => request<TLoginResponse>('POST', '/api/auth/login', { email, password }),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  me: () => request<{ user: TSessionUser }>('GET', '/api/auth/me'),
  requestPasswordReset: (email: string) => request<{ ok: true }>('POST', '/api/auth/password-reset', { email }),
  completePasswordReset: (token: string, password: string) =>
    request<{ ok: true }>('POST', '/api/auth/password-reset/complete', { token, password }),
  acceptInvitation: (token: string, password: string) =>
    request<{ ok: true }>('POST', '/api/auth/invitation/accept', { token, password }),

  listUsers: () => request<{ users: TUser[] }>('GET', '/api/users'),
  createUser: (input: TCreateUserRequest) => request<{ user: TUser }>('POST', '/api/users', input),
  updateUser: (userId: string, patch: TUpdateUserRequest) => request<{ user: TUser }>('PATCH', `/api/users/${seg(userId)}`, patch),
  setUserPassword: (userId: string, password: string) =>
    request<{ ok: true }>('POST', `/api/users/${seg(userId)}/password`, { password }),
  resendInvitation: (userId: string) => request<{ ok: true }>('POST', `/api/users/${seg(userId)}/invitation`),

  listClients: () => request<{ clients: TClient[] }>('GET', '/api/clients'),
  createClient: (input: TCreateClientRequest) => request<{ client: TClient }>('POST', '/api/clients', input),

  listMessages: (status?: TMessage['status']) =>
    request<{ messages: TMessage[] }>('GET', status ? `/api/messages?status=${status}` : '/api/messages'),
  retryMessage: (messageId: string) => request<{ message: TMessage }>('POST', `/api/messages/${seg(messageId)}/retry`),

  listAudit: (limit: number) => request<{ entries: TAuditEntry[] }>('GET', `/api/audit?limit=${limit}`),
};

/** `validation_failed` issues by field name, for showing beside the field ("body.email" → "email"). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.replace(/^(body|query|querystring|params)\./, '');
    out[field] ??= issue.message;
  }
  return out;
}
