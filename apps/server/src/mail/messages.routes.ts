import { z } from 'zod';
import { ZErrorBody, ZId, ZMessage, ZMessageList, ZMessageListQuery } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { listTenantMessages, retryMessage } from './mail.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

export function registerMessagesRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/messages',
    { schema: { tags: ['mail'], summary: 'Outgoing email: pending, sent and failed (admin)', querystring: ZMessageListQuery, response: { 200: ZMessageList, ...errors } } },
    async (req) => ({ messages: await listTenantMessages(ctx, req.actor, req.query.status) }),
  );
  app.post(
    '/api/messages/:messageId/retry',
    {
      schema: {
        tags: ['mail'],
        summary: 'Queue a failed email again (admin)',
        params: z.object({ messageId: ZId }),
        body: z.object({}).strict().optional(),
        response: { 200: z.object({ message: ZMessage }), 409: ZErrorBody, ...errors },
      },
    },
    async (req) => ({ message: await retryMessage(ctx, req.actor, req.params.messageId) }),
  );
}
