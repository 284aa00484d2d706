import { z } from 'zod';
import { ZCreateSiteRequest, ZErrorBody, ZId, ZSite, ZSiteList, ZSiteListQuery, ZUpdateSiteRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { changeSite, createSite, getSite, listSitesFor } from './sites.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZParams = z.object({ siteId: ZId });
const ZOne = z.object({ site: ZSite });

export function registerSitesRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/sites',
    {
      schema: {
        tags: ['sites'],
        summary: 'Sites by name, with live warning counts; filter by client, search name/address/postcode (a client user: its own sites)',
        querystring: ZSiteListQuery,
        response: { 200: ZSiteList, ...errors },
      },
    },
    async (req) => ({ sites: await listSitesFor(ctx, req.actor, req.query) }),
  );
  app.post(
    '/api/sites',
    { schema: { tags: ['sites'], summary: "Add a site for one of the tenant's clients (admin, office)", body: ZCreateSiteRequest, response: { 201: ZOne, ...errors } } },
    async (req, reply) => reply.status(201).send({ site: await createSite(ctx, req.actor, req.body) }),
  );
  app.get(
    '/api/sites/:siteId',
    { schema: { tags: ['sites'], summary: 'One site', params: ZParams, response: { 200: ZOne, ...errors } } },
    async (req) => ({ site: await getSite(ctx, req.actor, req.params.siteId) }),
  );
  app.patch(
    '/api/sites/:siteId',
    { schema: { tags: ['sites'], summary: "Change a site's details (admin, office)", params: ZParams, body: ZUpdateSiteRequest, response: { 200: ZOne, ...errors } } },
    async (req) => ({ site: await changeSite(ctx, req.actor, req.params.siteId, req.body) }),
  );
}
