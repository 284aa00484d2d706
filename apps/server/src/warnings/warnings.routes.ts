import { z } from 'zod';
import {
  ZCreateWarningRequest,
  ZCreateWarningTypeRequest,
  ZErrorBody,
  ZId,
  ZRemoveWarningRequest,
  ZUpdateWarningTypeRequest,
  ZWarning,
  ZWarningList,
  ZWarningListQuery,
  ZWarningType,
  ZWarningTypeList,
} from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { addWarning, changeWarningType, createWarningType, listWarningsFor, listWarningTypesFor, removeWarning } from './warnings.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZOne = z.object({ warning: ZWarning });
const ZOneType = z.object({ warningType: ZWarningType });

export function registerWarningsRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/sites/:siteId/warnings',
    {
      schema: {
        tags: ['warnings'],
        summary: "A site's warnings and its assets', most severe first (admin, office; engineers: those shown to engineers)",
        params: z.object({ siteId: ZId }),
        querystring: ZWarningListQuery,
        response: { 200: ZWarningList, ...errors },
      },
    },
    async (req) => ({ warnings: await listWarningsFor(ctx, req.actor, req.params.siteId, req.query.include) }),
  );
  app.post(
    '/api/warnings',
    {
      schema: {
        tags: ['warnings'],
        summary: 'Add a warning to a site or one of its assets; severity defaults to the type’s (admin, office; audited)',
        body: ZCreateWarningRequest,
        response: { 201: ZOne, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ warning: await addWarning(ctx, req.actor, req.body) }),
  );
  app.post(
    '/api/warnings/:warningId/remove',
    {
      schema: {
        tags: ['warnings'],
        summary: 'Remove a warning that no longer applies; it stays in the history (admin, office; audited with the reason)',
        params: z.object({ warningId: ZId }),
        body: ZRemoveWarningRequest.optional(),
        response: { 200: ZOne, 409: ZErrorBody, ...errors },
      },
    },
    async (req) => ({ warning: await removeWarning(ctx, req.actor, req.params.warningId, req.body?.reason) }),
  );

  app.get(
    '/api/warning-types',
    { schema: { tags: ['warnings'], summary: 'Warning types, active and retired, by name (admin, office)', response: { 200: ZWarningTypeList, ...errors } } },
    async (req) => ({ warningTypes: await listWarningTypesFor(ctx, req.actor) }),
  );
  app.post(
    '/api/warning-types',
    {
      schema: {
        tags: ['warnings'],
        summary: 'Add a warning type; its key is unique in the tenant (admin)',
        body: ZCreateWarningTypeRequest,
        response: { 201: ZOneType, 409: ZErrorBody, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ warningType: await createWarningType(ctx, req.actor, req.body) }),
  );
  app.patch(
    '/api/warning-types/:warningTypeId',
    {
      schema: {
        tags: ['warnings'],
        summary: 'Rename a warning type, change its default severity, retire or restore it (admin)',
        params: z.object({ warningTypeId: ZId }),
        body: ZUpdateWarningTypeRequest,
        response: { 200: ZOneType, ...errors },
      },
    },
    async (req) => ({ warningType: await changeWarningType(ctx, req.actor, req.params.warningTypeId, req.body) }),
  );
}
