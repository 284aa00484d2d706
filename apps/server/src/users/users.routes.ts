import { z } from 'zod';
import { ZAdminSetPasswordRequest, ZCreateUserRequest, ZErrorBody, ZId, ZOk, ZUpdateUserRequest, ZUser, ZUserList } from '@fieldkeep/domain';
import type { ZApp } from '../http/types.js';
import type { UsersService } from './users.service.js';

const ZParams = z.object({ userId: ZId });
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

export function registerUsersRoutes(app: ZApp, users: UsersService): void {
  app.get('/api/users', { schema: { tags: ['users'], summary: 'All users of the tenant (admin)', response: { 200: ZUserList, ...errors } } }, async (req) => ({
    users: await users.list(req.actor),
  }));

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Add a user: invite by email, or set a password for someone without email (admin)',
        body: ZCreateUserRequest,
        response: { 201: z.object({ user: ZUser }), 409: ZErrorBody, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ user: await users.create(req.actor, req.body) }),
  );

  app.get(
    '/api/users/:userId',
    { schema: { tags: ['users'], summary: 'One user (admin)', params: ZParams, response: { 200: z.object({ user: ZUser }), ...errors } } },
    async (req) => ({ user: await users.get(req.actor, req.params.userId) }),
  );

  app.patch(
    '/api/users/:userId',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user: name, email, role, client, disabled; unlock after failed sign-ins (admin)',
        params: ZParams,
        body: ZUpdateUserRequest,
        response: { 200: z.object({ user: ZUser }), 409: ZErrorBody, ...errors },
      },
    },
    async (req) => ({ user: await users.update(req.actor, req.params.userId, req.body) }),
  );

  app.post(
    '/api/users/:userId/password',
    {
      schema: { tags: ['users'], summary: "Set a user's password (admin)", params: ZParams, body: ZAdminSetPasswordRequest, response: { 200: ZOk, ...errors } },
    },
    async (req) => {
      await users.setPassword(req.actor, req.params.userId, req.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/users/:userId/invitation',
    {
      schema: {
        tags: ['users'],
        summary: 'Send the invitation email again (admin)',
        params: ZParams,
        body: z.object({}).strict().optional(),
        response: { 200: ZOk, 409: ZErrorBody, ...errors },
      },
    },
    async (req) => {
      await users.resendInvitation(req.actor, req.params.userId);
      return { ok: true as const };
    },
  );
}
