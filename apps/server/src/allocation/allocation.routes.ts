import { z } from 'zod';
import { ZAllocationCheck, ZAllocationCheckRequest, ZAllocationRule, ZCreateRuleRequest, ZErrorBody, ZId, ZRuleList, ZUpdateRuleRequest } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { createRule, dryRunAllocation, listTenantRules, updateRule } from './allocation.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

export function registerAllocationRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/rules', { schema: { tags: ['dispatch'], summary: 'Allocation rules', response: { 200: ZRuleList, ...errors } } }, async (req) => ({
    rules: await listTenantRules(ctx, req.actor),
  }));
  app.post(
    '/api/rules',
    { schema: { tags: ['dispatch'], summary: 'Add an allocation rule (admin)', body: ZCreateRuleRequest, response: { 201: z.object({ rule: ZAllocationRule }), ...errors } } },
    async (req, reply) => reply.status(201).send({ rule: await createRule(ctx, req.actor, req.body) }),
  );
  app.patch(
    '/api/rules/:ruleId',
    {
      schema: { tags: ['dispatch'], summary: 'Change or switch off an allocation rule (admin)', params: z.object({ ruleId: ZId }), body: ZUpdateRuleRequest, response: { 200: z.object({ rule: ZAllocationRule }), ...errors } },
    },
    async (req) => ({ rule: await updateRule(ctx, req.actor, req.params.ruleId, req.body) }),
  );
  app.post(
    '/api/allocation/check',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'What the rules say about a proposed allocation, without saving (the board calls it on drop)',
        body: ZAllocationCheckRequest,
        response: { 200: ZAllocationCheck, ...errors },
      },
    },
    async (req) => dryRunAllocation(ctx, req.actor, req.body),
  );
}
