import { SYNC_LIMITS, ZErrorBody, ZPullQuery, ZPullResponse, ZPushRequest, ZPushResponse, ZSyncErrorBody } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { pull } from './pull.service.js';
import { push } from './push.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 409: ZSyncErrorBody, 413: ZErrorBody, 422: ZSyncErrorBody };

/** Sync protocol v1: the contract in DESIGN.md, described for integrators in docs/sync.md. */
export function registerSyncRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/sync/push',
    {
      bodyLimit: SYNC_LIMITS.pushBodyBytes,
      schema: {
        tags: ['sync'],
        summary: `Apply a batch of up to ${SYNC_LIMITS.mutationsPerPush} mutations; answered only after they are durable`,
        description: 'Out of order → 409 out_of_order with lastMutationId beside error; unknown mutation → 422 unsupported_mutation with lastMutationId and mutationId.',
        body: ZPushRequest,
        response: { 200: ZPushResponse, ...errors },
      },
    },
    async (req) => push(ctx, req.actor, req.body),
  );
  app.get(
    '/api/sync/pull',
    {
      schema: {
        tags: ['sync'],
        summary: 'Changes in this device’s scope since its cursor (pages: repeat while hasMore)',
        querystring: ZPullQuery,
        response: { 200: ZPullResponse, ...errors },
      },
    },
    async (req) => pull(ctx, req.actor, req.query),
  );
}
