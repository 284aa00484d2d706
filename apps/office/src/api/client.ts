import type { TAuditEntry, TCreateUserRequest, TLoginResponse, TMessage, TSessionUser, TUpdateUserRequest, TUser } from '@fieldkeep/domain';
import { directoryApi } from './directory';
import { formsApi } from './forms';
import { request, seg } from './http';
import { serverApi } from './server';
import { workApi } from './work';

export { ApiError, fieldErrors, setUnauthenticatedListener } from './http';

const accountsApi = {
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

  listMessages: (status?: TMessage['status']) =>
    request<{ messages: TMessage[] }>('GET', status ? `/api/messages?status=${status}` : '/api/messages'),
  retryMessage: (messageId: string) => request<{ message: TMessage }>('POST', `/api/messages/${seg(messageId)}/retry`),

  listAudit: (limit: number) => request<{ entries: TAuditEntry[] }>('GET', `/api/audit?limit=${limit}`),
};

/** The typed Fieldkeep API: one function per route. Every failure throws an ApiError. */
export const api = { ...accountsApi, ...directoryApi, ...workApi, ...formsApi, ...serverApi };
