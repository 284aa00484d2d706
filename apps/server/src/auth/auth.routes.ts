import { z } from 'zod';
import { ZErrorBody, ZLoginRequest, ZLoginResponse, ZOk, ZPasswordResetRequest, ZSessionUser, ZSetPasswordWithToken } from '@fieldkeep/domain';
import { requireRole } from './actor.js';
import type { AuthService } from './auth.service.js';
import { requestInfo, type ZApp } from '../http/types.js';

export interface CookieSettings {
  name: string;
  secure: boolean;
}

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 429: ZErrorBody };

export function registerAuthRoutes(app: ZApp, auth: AuthService, cookie: CookieSettings): void {
  app.post(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; answers a bearer token and sets the web session cookie',
        body: ZLoginRequest,
        response: { 200: ZLoginResponse, ...errors },
      },
    },
    async (req, reply) => {
      const result = await auth.signIn({ login: req.body.email, password: req.body.password }, 'web', requestInfo(req));
      void reply.setCookie(cookie.name, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: cookie.secure,
        expires: new Date(result.expiresAt),
      });
      return result;
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out this session', body: z.object({}).strict().optional(), response: { 200: ZOk, 401: ZErrorBody } } },
    async (req, reply) => {
      const actor = requireRole(req.actor);
      await auth.signOut(actor, requestInfo(req));
      void reply.clearCookie(cookie.name, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: z.object({ user: ZSessionUser }), 401: ZErrorBody } } },
    (req) => {
      requireRole(req.actor);
      return { user: req.actor!.user };
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Email a single-use reset link, when the account has an email address',
        description: 'Always answers 202, whether or not the account exists, so it cannot be used to discover accounts.',
        body: ZPasswordResetRequest,
        response: { 202: ZOk, 400: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (req, reply) => {
      await auth.requestPasswordReset(req.body.email, requestInfo(req));
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/api/auth/password-reset/complete',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Set a new password with a reset token', body: ZSetPasswordWithToken, response: { 200: ZOk, 400: ZErrorBody } },
    },
    async (req) => {
      await auth.completeWithToken('reset', req.body.token, req.body.password, requestInfo(req));
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/invitation/accept',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Accept an invitation by choosing a password', body: ZSetPasswordWithToken, response: { 200: ZOk, 400: ZErrorBody } },
    },
    async (req) => {
      await auth.completeWithToken('invite', req.body.token, req.body.password, requestInfo(req));
      return { ok: true as const };
    },
  );
}
