import { z } from 'zod';
import { ZEngineer, ZEngineerList, ZErrorBody, ZId, ZUpdateEngineerRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { listTenantEngineers, updateEngineer } from './engineers.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

export function registerEngineersRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/engineers', { schema: { tags: ['engineers'], summary: 'Engineers with skills and working hours', response: { 200: ZEngineerList, ...errors } } }, async (req) => ({
    engineers: await listTenantEngineers(ctx, req.actor),
  }));
  app.patch(
    '/api/engineers/:engineerId',
    {
      schema: {
        tags: ['engineers'],
        summary: "Set an engineer's skills and working hours",
        params: z.object({ engineerId: ZId }),
        body: ZUpdateEngineerRequest,
        response: { 200: z.object({ engineer: ZEngineer }), ...errors },
      },
    },
    async (req) => ({ engineer: await updateEngineer(ctx, req.actor, req.params.engineerId, req.body) }),
  );
}
