import { z } from 'zod';
import { ZClient, ZClientList, ZCreateClientRequest, ZDirectoryListQuery, ZErrorBody, ZId, ZUpdateClientRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { changeClient, createClient, getClient, listClientsFor } from './clients.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZParams = z.object({ clientId: ZId });
const ZOne = z.object({ client: ZClient });

export function registerClientsRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/clients',
    {
      schema: {
        tags: ['clients'],
        summary: 'Client organisations with their contacts, by name (a client user: its own only)',
        querystring: ZDirectoryListQuery,
        response: { 200: ZClientList, ...errors },
      },
    },
    async (req) => ({ clients: await listClientsFor(ctx, req.actor, req.query) }),
  );
  app.post(
    '/api/clients',
    { schema: { tags: ['clients'], summary: 'Add a client organisation (admin, office)', body: ZCreateClientRequest, response: { 201: ZOne, ...errors } } },
    async (req, reply) => reply.status(201).send({ client: await createClient(ctx, req.actor, req.body) }),
  );
  app.get(
    '/api/clients/:clientId',
    { schema: { tags: ['clients'], summary: 'One client organisation with its contacts', params: ZParams, response: { 200: ZOne, ...errors } } },
    async (req) => ({ client: await getClient(ctx, req.actor, req.params.clientId) }),
  );
  app.patch(
    '/api/clients/:clientId',
    {
      schema: {
        tags: ['clients'],
        summary: 'Change a client organisation; contacts, when given, replace the list whole (admin, office)',
        params: ZParams,
        body: ZUpdateClientRequest,
        response: { 200: ZOne, ...errors },
      },
    },
    async (req) => ({ client: await changeClient(ctx, req.actor, req.params.clientId, req.body) }),
  );
}
