import type { AppErrorCode, TErrorBody, TLoginResponse, TSessionUser } from '@fieldkeep/domain';

/**
 * The field app's API client for sign-in and sign-out. The bearer token lives in the phone's
 * IndexedDB session (store/session.ts); the app hands it here while signed in.
 */

let currentToken: string | null = null;

export const tokenStore = {
  get: (): string | null => currentToken,
  set: (token: string | null) => {
    currentToken = token || null;
  },
};

type ClientErrorCode = AppErrorCode | 'network_error' | 'bad_response';

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError('network_error', 'No connection to Fieldkeep. Move to better signal and try again.', 0);
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  const err = (data as Partial<TErrorBody> | undefined)?.error;
  if (!err || typeof err.code !== 'string') {
    throw new ApiError('bad_response', `Fieldkeep answered ${res.status} without an explanation. Try again in a moment.`, res.status);
  }
  throw new ApiError(err.code, err.message, res.status);
}

export async function signIn(login: string, password: string): Promise<{ token: string; user: TSessionUser }> {
  const res = await request<TLoginResponse>('POST', '/api/auth/login', { email: login, password });
  return { token: res.token, user: res.user };
}

/**
 * Ends the session on the server when it can. Answers false when the server could not be told
 * (offline): that session then simply expires.
 */
export async function signOut(): Promise<boolean> {
  try {
    await request<{ ok: true }>('POST', '/api/auth/logout');
    return true;
  } catch (err) {
    // Already signed out on the server counts as done.
    return err instanceof ApiError && err.code === 'unauthenticated';
  } finally {
    tokenStore.set(null);
  }
}
