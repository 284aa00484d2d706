import { z } from 'zod';
import { ZAllocationRefused, ZCreateVisitRequest, ZErrorBody, ZId, ZOk, ZSetVisitStatusRequest, ZUpdateVisitRequest, ZVisitSummary } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { createVisit, removeVisit, setVisitStatus, updateVisit } from './visits.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZParams = z.object({ visitId: ZId });
const refused = { 409: z.union([ZAllocationRefused, ZErrorBody]) };

export function registerVisitsRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/visits',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'Allocate: book a visit for a job with one or more engineers (rules re-checked; 409 allocation_refused with the findings)',
        body: ZCreateVisitRequest,
        response: { 201: z.object({ visit: ZVisitSummary }), ...refused, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ visit: await createVisit(ctx, req.actor, req.body) }),
  );
  app.patch(
    '/api/visits/:visitId',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'Move or reallocate a visit (rules re-checked)',
        params: ZParams,
        body: ZUpdateVisitRequest,
        response: { 200: z.object({ visit: ZVisitSummary }), ...refused, ...errors },
      },
    },
    async (req) => ({ visit: await updateVisit(ctx, req.actor, req.params.visitId, req.body) }),
  );
  app.post(
    '/api/visits/:visitId/status',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'Set a visit’s status (visit state machine; aborting needs a reason)',
        params: ZParams,
        body: ZSetVisitStatusRequest,
        response: { 200: z.object({ visit: ZVisitSummary }), 409: ZErrorBody, ...errors },
      },
    },
    async (req) => ({ visit: await setVisitStatus(ctx, req.actor, req.params.visitId, req.body.status, req.body.reason) }),
  );
  app.delete(
    '/api/visits/:visitId',
    { schema: { tags: ['dispatch'], summary: 'Take a not-yet-started visit off the board', params: ZParams, response: { 200: ZOk, 409: ZErrorBody, ...errors } } },
    async (req) => {
      await removeVisit(ctx, req.actor, req.params.visitId);
      return { ok: true as const };
    },
  );
}
