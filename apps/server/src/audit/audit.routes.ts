import { z } from 'zod';
import { LIMITS, ZAuditAction, ZAuditList, ZErrorBody } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { listAudit } from './audit.repository.js';

const ZQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
    action: ZAuditAction.optional(),
  })
  .strict();

export function registerAuditRoutes(app: ZApp, ctx: AppContext): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log: sign-ins, failures, lockouts, resets, invitations, changes (admin)',
        querystring: ZQuery,
        response: { 200: ZAuditList, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
      },
    },
    async (req) => {
      const a = requireRole(req.actor, 'admin');
      return { entries: await listAudit(ctx.database.read, a.tenantId, req.query) };
    },
  );
}
