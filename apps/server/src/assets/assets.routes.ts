import { z } from 'zod';
import { LIMITS, ZAsset, ZAssetList, ZCreateAssetRequest, ZErrorBody, ZId, ZUpdateAssetRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { changeAsset, createAsset, getAsset, listAssetsFor } from './assets.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZOne = z.object({ asset: ZAsset });
const ZPage = z
  .object({
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeMax),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export function registerAssetsRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/sites/:siteId/assets',
    {
      schema: {
        tags: ['assets'],
        summary: "A site's assets, by type (a client user: on its own sites)",
        params: z.object({ siteId: ZId }),
        querystring: ZPage,
        response: { 200: ZAssetList, ...errors },
      },
    },
    async (req) => ({ assets: await listAssetsFor(ctx, req.actor, req.params.siteId, req.query) }),
  );
  app.post(
    '/api/assets',
    { schema: { tags: ['assets'], summary: 'Add an asset to a site (admin, office)', body: ZCreateAssetRequest, response: { 201: ZOne, ...errors } } },
    async (req, reply) => reply.status(201).send({ asset: await createAsset(ctx, req.actor, req.body) }),
  );
  app.get(
    '/api/assets/:assetId',
    { schema: { tags: ['assets'], summary: 'One asset', params: z.object({ assetId: ZId }), response: { 200: ZOne, ...errors } } },
    async (req) => ({ asset: await getAsset(ctx, req.actor, req.params.assetId) }),
  );
  app.patch(
    '/api/assets/:assetId',
    {
      schema: {
        tags: ['assets'],
        summary: "Change an asset's details (admin, office)",
        params: z.object({ assetId: ZId }),
        body: ZUpdateAssetRequest,
        response: { 200: ZOne, ...errors },
      },
    },
    async (req) => ({ asset: await changeAsset(ctx, req.actor, req.params.assetId, req.body) }),
  );
}
