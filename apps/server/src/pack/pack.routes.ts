import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ZErrorBody, ZId } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { ZPack, ZPackList, ZPackSettings, ZUpdatePackSettingsRequest } from './pack.schemas.js';
import { getPackSettings, listPacksFor, packToDownload, requestPack, updatePackSettings } from './pack.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
/** Set by registerPackRoutes, so a second registration (tests that add the routes themselves) is a no-op. */
export const PACK_ROUTES = Symbol.for('fieldkeep.packRoutes');

/**
 * The fallback pack (docs/pack.md): list, make one now, download the newest or an older one, and
 * the tenant's customer script and back-up checklist. Admin and office; only an admin edits the
 * texts. On an office replica the downloads work from its copy; making a pack is the primary's job.
 */
export function registerPackRoutes(app: ZApp, ctx: AppContext): void {
  const marked = app as ZApp & { [PACK_ROUTES]?: boolean };
  if (marked[PACK_ROUTES]) return;
  marked[PACK_ROUTES] = true;

  app.get(
    '/api/pack',
    { schema: { tags: ['pack'], summary: 'Fallback packs kept for this tenant, newest first, and the schedule’s state (admin, office)', response: { 200: ZPackList, ...errors } } },
    async (req) => listPacksFor(ctx, req.actor),
  );
  app.post(
    '/api/pack',
    {
      schema: {
        tags: ['pack'],
        summary: 'Make a fallback pack now (job sheets, contact lists, blank forms, outstanding jobs); answers once it is kept (admin, office)',
        response: { 201: z.object({ pack: ZPack }), ...errors, 500: ZErrorBody, 503: ZErrorBody, 507: ZErrorBody },
      },
    },
    async (req, reply) => reply.status(201).send({ pack: await requestPack(ctx, req.actor) }),
  );
  app.get(
    '/api/pack/latest',
    { schema: { tags: ['pack'], summary: 'Download the newest fallback pack (a zip) — also from an office replica (admin, office)', response: { ...errors } } },
    async (req, reply) => sendZip(reply, await packToDownload(ctx, req.actor, 'latest')),
  );
  app.get(
    '/api/pack/files/:packId',
    { schema: { tags: ['pack'], summary: 'Download one kept fallback pack (a zip) (admin, office)', params: z.object({ packId: ZId }), response: { ...errors } } },
    async (req, reply) => sendZip(reply, await packToDownload(ctx, req.actor, { id: req.params.packId })),
  );
  app.get(
    '/api/pack/settings',
    { schema: { tags: ['pack'], summary: 'The customer script and the "system back up" checklist printed in the pack (admin, office)', response: { 200: ZPackSettings, ...errors } } },
    async (req) => getPackSettings(ctx, req.actor),
  );
  app.put(
    '/api/pack/settings',
    {
      schema: {
        tags: ['pack'],
        summary: 'Change the customer script and the back-up checklist; null puts back the default text (admin)',
        body: ZUpdatePackSettingsRequest,
        response: { 200: ZPackSettings, ...errors },
      },
    },
    async (req) => updatePackSettings(ctx, req.actor, req.body),
  );
}

function sendZip(reply: FastifyReply, d: Awaited<ReturnType<typeof packToDownload>>): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${d.pack.fileName.replace(/[^\w.-]/g, '_')}"`)
    .header('content-length', String(d.pack.size))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .type('application/zip')
    .send(d.open());
}
