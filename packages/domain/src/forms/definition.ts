import { z } from 'zod';
import { ZId } from '../ids.js';
import { ZFormKind } from './kinds.js';
import { ZFormCondition } from './condition.js';
import { FORM_LIMITS, ZFormSlug } from './limits.js';
import { formDefinitionIssues } from './definition-rules.js';

/**
 * Configurable forms: a definition is a versioned, ordered list of questions. A published version
 * never changes; publishing makes a new version (see versions.ts) and every submission names the
 * version it answers. The rules no schema can express (ids unique, conditions only on earlier
 * questions, outcomes allowed for the kind…) are in definition-rules.ts and run as part of parsing.
 */
export type TFormKind = z.infer<typeof ZFormKind>;

export const FORM_EFFECTS = ['abort_visit', 'alert_office', 'require_photo'] as const;
export const ZFormEffect = z.enum(FORM_EFFECTS);
export type TFormEffect = z.infer<typeof ZFormEffect>;

/**
 * Which outcomes each kind of form may use. Only a risk assessment or a health & safety check may
 * stop a visit; a start-of-day check never blocks the day — it can only alert the office.
 */
export const FORM_KIND_EFFECTS: Readonly<Record<TFormKind, readonly TFormEffect[]>> = {
  risk_assessment: ['abort_visit', 'alert_office', 'require_photo'],
  health_safety: ['abort_visit', 'alert_office', 'require_photo'],
  start_of_day: ['alert_office'],
  job_completion: ['alert_office', 'require_photo'],
};

const text = (max: number) => z.string().trim().min(1).max(max);
const message = text(FORM_LIMITS.messageChars);

/**
 * What an answer sets off. `when` may look at this question and earlier ones. `require_photo`
 * names a later photo question: once the outcome fires that question is shown and must be answered.
 */
export const ZFormOutcome = z
  .discriminatedUnion('effect', [
    z.object({ effect: z.literal('abort_visit'), when: ZFormCondition, message }).strict(),
    z.object({ effect: z.literal('alert_office'), when: ZFormCondition, message }).strict(),
    z.object({ effect: z.literal('require_photo'), when: ZFormCondition, message, photoQuestionId: ZFormSlug }).strict(),
  ])
  .meta({ id: 'FormOutcome' });
export type TFormOutcome = z.infer<typeof ZFormOutcome>;

export const ZFormOption = z.object({ id: ZFormSlug, label: text(FORM_LIMITS.optionLabelChars) }).strict().meta({ id: 'FormOption' });
export type TFormOption = z.infer<typeof ZFormOption>;
const options = z.array(ZFormOption).min(1).max(FORM_LIMITS.options);

const base = {
  id: ZFormSlug,
  text: text(FORM_LIMITS.questionTextChars),
  help: z.string().trim().max(FORM_LIMITS.helpChars).optional(),
  /** Required when shown; a hidden question is never required. */
  required: z.boolean(),
  /** Shown only when this holds; it may only look at earlier questions. */
  visibleWhen: ZFormCondition.optional(),
  outcomes: z.array(ZFormOutcome).max(FORM_LIMITS.outcomesPerQuestion).optional(),
};

export const ZFormQuestion = z
  .discriminatedUnion('type', [
    z.object({ ...base, type: z.literal('yes_no') }).strict(),
    z.object({ ...base, type: z.literal('single_choice'), options }).strict(),
    z
      .object({
        ...base,
        type: z.literal('multiple_choice'),
        options,
        minSelections: z.number().int().min(1).max(FORM_LIMITS.options).optional(),
        maxSelections: z.number().int().min(1).max(FORM_LIMITS.options).optional(),
      })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('text'),
        maxLength: z.number().int().min(1).max(FORM_LIMITS.textAnswerChars).optional(),
        multiline: z.boolean().optional(),
      })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('number'),
        min: z.number().optional(),
        max: z.number().optional(),
        /** Answers are `min + k × step` (or `k × step` with no min). */
        step: z.number().positive().optional(),
        integer: z.boolean().optional(),
        unit: z.string().trim().min(1).max(FORM_LIMITS.unitChars).optional(),
      })
      .strict(),
    z.object({ ...base, type: z.literal('date') }).strict(),
    z.object({ ...base, type: z.literal('time') }).strict(),
    z.object({ ...base, type: z.literal('datetime') }).strict(),
    z.object({ ...base, type: z.literal('photo'), maxPhotos: z.number().int().min(1).max(FORM_LIMITS.photosPerQuestion).optional() }).strict(),
    z.object({ ...base, type: z.literal('signature') }).strict(),
  ])
  .meta({ id: 'FormQuestion' });
export type TFormQuestion = z.infer<typeof ZFormQuestion>;
export type TFormQuestionType = TFormQuestion['type'];
export type TFormQuestionOf<T extends TFormQuestionType> = Extract<TFormQuestion, { type: T }>;

const fields = {
  kind: ZFormKind,
  name: text(FORM_LIMITS.nameChars),
  questions: z.array(ZFormQuestion).min(1, 'A form needs at least one question.').max(FORM_LIMITS.questions),
};

function refineRules(form: { kind: TFormKind; questions: TFormQuestion[] }, ctx: z.RefinementCtx): void {
  for (const issue of formDefinitionIssues(form)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/** What the form builder sends to publish: a definition without its id and version. */
export const ZFormDraft = z.object(fields).strict().superRefine(refineRules).meta({ id: 'FormDraft' });
export type TFormDraft = z.infer<typeof ZFormDraft>;

/** One published, immutable version of a form. */
export const ZFormDefinition = z
  .object({ id: ZId, version: z.number().int().min(1), ...fields })
  .superRefine(refineRules)
  .meta({ id: 'FormDefinition' });
export type TFormDefinition = z.infer<typeof ZFormDefinition>;
