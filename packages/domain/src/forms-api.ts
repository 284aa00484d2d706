import { z } from 'zod';
import { ZFormKind } from './forms/kinds.js';
import { ZId, ZTimestamp } from './ids.js';
import { ZFormDefinition, ZFormDraft } from './forms/index.js';

/** The office's view of a form: its current published version and its history. */
export const ZFormSummary = z
  .object({
    id: ZId,
    kind: ZFormKind,
    name: z.string(),
    currentVersion: z.number().int(),
    active: z.boolean(),
    publishedAt: ZTimestamp,
    questionCount: z.number().int(),
  })
  .meta({ id: 'FormSummary' });
export type TFormSummary = z.infer<typeof ZFormSummary>;
export const ZFormList = z.object({ forms: z.array(ZFormSummary) }).meta({ id: 'FormList' });

export const ZFormVersionInfo = z.object({ version: z.number().int(), publishedAt: ZTimestamp, publishedByName: z.string().nullable(), questionCount: z.number().int() });
export const ZFormDetail = z
  .object({ form: ZFormSummary, definition: ZFormDefinition, versions: z.array(ZFormVersionInfo) })
  .meta({ id: 'FormDetail' });
export type TFormDetail = z.infer<typeof ZFormDetail>;

/** A new form is published as version 1 straight away; later changes publish new versions. */
export const ZCreateFormRequest = z.object({ draft: ZFormDraft }).strict().meta({ id: 'CreateFormRequest' });
export const ZPublishFormRequest = z.object({ draft: ZFormDraft }).strict().meta({ id: 'PublishFormRequest' });
export const ZUpdateFormRequest = z.object({ active: z.boolean() }).strict().meta({ id: 'UpdateFormRequest' });

/**
 * Which forms a visit needs: every active rule that matches. `always` applies to every visit (or,
 * for a start-of-day check, every engineer's day); the others match the job's type, its client, or
 * a live warning of that type on the site.
 */
export const ZFormRuleCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('always') }).strict(),
  z.object({ kind: z.literal('job_type'), jobType: z.string().min(1).max(60) }).strict(),
  z.object({ kind: z.literal('client'), clientId: ZId }).strict(),
  z.object({ kind: z.literal('warning_type'), warningTypeKey: z.string().min(1).max(60) }).strict(),
]);
export type TFormRuleCondition = z.infer<typeof ZFormRuleCondition>;
export const ZFormRule = z.object({ id: ZId, formId: ZId, condition: ZFormRuleCondition, active: z.boolean() }).meta({ id: 'FormRule' });
export type TFormRule = z.infer<typeof ZFormRule>;
export const ZCreateFormRuleRequest = z.object({ formId: ZId, condition: ZFormRuleCondition }).strict().meta({ id: 'CreateFormRuleRequest' });
export const ZUpdateFormRuleRequest = z.object({ active: z.boolean() }).strict().meta({ id: 'UpdateFormRuleRequest' });
export const ZFormRuleList = z.object({ rules: z.array(ZFormRule) }).meta({ id: 'FormRuleList' });

/** Non-productive time activity types (tenant settings). */
export const ZActivityType = z.object({ id: ZId, name: z.string(), active: z.boolean() }).meta({ id: 'ActivityType' });
export const ZActivityTypeList = z.object({ activityTypes: z.array(ZActivityType) }).meta({ id: 'ActivityTypeList' });
export const ZCreateActivityTypeRequest = z.object({ name: z.string().trim().min(1).max(100) }).strict().meta({ id: 'CreateActivityTypeRequest' });
export const ZUpdateActivityTypeRequest = z
  .object({ name: z.string().trim().min(1).max(100).optional(), active: z.boolean().optional() })
  .strict()
  .meta({ id: 'UpdateActivityTypeRequest' });

/** Reports (office): JSON for the screen, `format=csv` for a spreadsheet. */
export const ZReportQuery = z
  .object({ from: z.iso.date(), to: z.iso.date(), format: z.enum(['json', 'csv']).default('json') })
  .strict()
  .refine((q) => q.to >= q.from, { path: ['to'], message: 'Must be on or after "from".' });
