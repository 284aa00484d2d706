import { z } from 'zod';
import { ZCreateSupplierRequest, ZDirectoryListQuery, ZErrorBody, ZId, ZSupplier, ZSupplierList, ZUpdateSupplierRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { changeSupplier, createSupplier, getSupplier, listSuppliersFor } from './suppliers.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZParams = z.object({ supplierId: ZId });
const ZOne = z.object({ supplier: ZSupplier });

export function registerSuppliersRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/suppliers',
    { schema: { tags: ['suppliers'], summary: 'Suppliers with their contacts, by name (admin, office)', querystring: ZDirectoryListQuery, response: { 200: ZSupplierList, ...errors } } },
    async (req) => ({ suppliers: await listSuppliersFor(ctx, req.actor, req.query) }),
  );
  app.post(
    '/api/suppliers',
    { schema: { tags: ['suppliers'], summary: 'Add a supplier (admin, office)', body: ZCreateSupplierRequest, response: { 201: ZOne, ...errors } } },
    async (req, reply) => reply.status(201).send({ supplier: await createSupplier(ctx, req.actor, req.body) }),
  );
  app.get(
    '/api/suppliers/:supplierId',
    { schema: { tags: ['suppliers'], summary: 'One supplier with its contacts (admin, office)', params: ZParams, response: { 200: ZOne, ...errors } } },
    async (req) => ({ supplier: await getSupplier(ctx, req.actor, req.params.supplierId) }),
  );
  app.patch(
    '/api/suppliers/:supplierId',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'Change a supplier; contacts, when given, replace the list whole (admin, office)',
        params: ZParams,
        body: ZUpdateSupplierRequest,
        response: { 200: ZOne, ...errors },
      },
    },
    async (req) => ({ supplier: await changeSupplier(ctx, req.actor, req.params.supplierId, req.body) }),
  );
}
