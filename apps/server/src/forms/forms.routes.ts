import { z } from 'zod';
import {
  ZActivityType,
  ZActivityTypeList,
  ZCreateActivityTypeRequest,
  ZCreateFormRequest,
  ZCreateFormRuleRequest,
  ZErrorBody,
  ZFormDefinition,
  ZFormDetail,
  ZFormList,
  ZFormRule,
  ZFormRuleList,
  ZId,
  ZPublishFormRequest,
  ZUpdateActivityTypeRequest,
  ZUpdateFormRequest,
  ZUpdateFormRuleRequest,
} from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { changeActivityType, createActivityType, listActivityTypes } from './activity-types.js';
import { addFormRule, changeFormActive, changeFormRule, createForm, getForm, getVersion, listForms, listRulesFor, publishVersion } from './forms.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZFormParams = z.object({ formId: ZId });

export function registerFormsRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/forms', { schema: { tags: ['forms'], summary: 'Forms with their current version', response: { 200: ZFormList, ...errors } } }, async (req) => ({
    forms: await listForms(ctx, req.actor),
  }));
  app.post(
    '/api/forms',
    { schema: { tags: ['forms'], summary: 'Create a form: published at once as version 1', body: ZCreateFormRequest, response: { 201: ZFormDetail, ...errors } } },
    async (req, reply) => reply.status(201).send(await createForm(ctx, req.actor, req.body.draft)),
  );
  app.get(
    '/api/forms/:formId',
    { schema: { tags: ['forms'], summary: 'A form: its current definition and version history', params: ZFormParams, response: { 200: ZFormDetail, ...errors } } },
    async (req) => getForm(ctx, req.actor, req.params.formId),
  );
  app.get(
    '/api/forms/:formId/versions/:version',
    {
      schema: {
        tags: ['forms'],
        summary: 'One published version, exactly as published',
        params: z.object({ formId: ZId, version: z.coerce.number().int().min(1).max(100_000) }),
        response: { 200: z.object({ definition: ZFormDefinition }), ...errors },
      },
    },
    async (req) => ({ definition: await getVersion(ctx, req.actor, req.params.formId, req.params.version) }),
  );
  app.post(
    '/api/forms/:formId/versions',
    {
      schema: {
        tags: ['forms'],
        summary: 'Publish the next version (immutable); phones get it at their next sync',
        params: ZFormParams,
        body: ZPublishFormRequest,
        response: { 200: ZFormDetail, ...errors },
      },
    },
    async (req) => publishVersion(ctx, req.actor, req.params.formId, req.body.draft),
  );
  app.patch(
    '/api/forms/:formId',
    { schema: { tags: ['forms'], summary: 'Switch a form on or off', params: ZFormParams, body: ZUpdateFormRequest, response: { 200: ZFormDetail, ...errors } } },
    async (req) => changeFormActive(ctx, req.actor, req.params.formId, req.body.active),
  );

  app.get('/api/form-rules', { schema: { tags: ['forms'], summary: 'Which form applies to which visits', response: { 200: ZFormRuleList, ...errors } } }, async (req) => ({
    rules: await listRulesFor(ctx, req.actor),
  }));
  app.post(
    '/api/form-rules',
    { schema: { tags: ['forms'], summary: 'Ask a form at every visit, by job type, by client, or where the site has a warning', body: ZCreateFormRuleRequest, response: { 201: z.object({ rule: ZFormRule }), ...errors } } },
    async (req, reply) => reply.status(201).send({ rule: await addFormRule(ctx, req.actor, req.body.formId, req.body.condition) }),
  );
  app.patch(
    '/api/form-rules/:formRuleId',
    { schema: { tags: ['forms'], summary: 'Switch a form rule on or off', params: z.object({ formRuleId: ZId }), body: ZUpdateFormRuleRequest, response: { 200: z.object({ rule: ZFormRule }), ...errors } } },
    async (req) => ({ rule: await changeFormRule(ctx, req.actor, req.params.formRuleId, req.body.active) }),
  );

  app.get('/api/activity-types', { schema: { tags: ['forms'], summary: 'Non-productive time activity types', response: { 200: ZActivityTypeList, ...errors } } }, async (req) => ({
    activityTypes: await listActivityTypes(ctx, req.actor),
  }));
  app.post(
    '/api/activity-types',
    { schema: { tags: ['forms'], summary: 'Add an activity type', body: ZCreateActivityTypeRequest, response: { 201: z.object({ activityType: ZActivityType }), 409: ZErrorBody, ...errors } } },
    async (req, reply) => reply.status(201).send({ activityType: await createActivityType(ctx, req.actor, req.body) }),
  );
  app.patch(
    '/api/activity-types/:activityTypeId',
    {
      schema: {
        tags: ['forms'],
        summary: 'Rename or retire an activity type',
        params: z.object({ activityTypeId: ZId }),
        body: ZUpdateActivityTypeRequest,
        response: { 200: z.object({ activityType: ZActivityType }), ...errors },
      },
    },
    async (req) => ({ activityType: await changeActivityType(ctx, req.actor, req.params.activityTypeId, req.body) }),
  );
}
