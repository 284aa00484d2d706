import { z } from 'zod';
import { ZClient, ZClientList, ZCreateClientRequest, ZErrorBody, ZId } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { createClient, getClient, listClientsFor } from './clients.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

export function registerClientsRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/clients', { schema: { tags: ['clients'], summary: 'Client organisations', response: { 200: ZClientList, ...errors } } }, async (req) => ({
    clients: await listClientsFor(ctx, req.actor),
  }));
  app.post(
    '/api/clients',
    { schema: { tags: ['clients'], summary: 'Add a client organisation', body: ZCreateClientRequest, response: { 201: z.object({ client: ZClient }), ...errors } } },
    async (req, reply) => reply.status(201).send({ client: await createClient(ctx, req.actor, req.body.name) }),
  );
  app.get(
    '/api/clients/:clientId',
    { schema: { tags: ['clients'], summary: 'One client organisation', params: z.object({ clientId: ZId }), response: { 200: z.object({ client: ZClient }), ...errors } } },
    async (req) => ({ client: await getClient(ctx, req.actor, req.params.clientId) }),
  );
}
