import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZFormDefinition, ZFormDraft, ZFormQuestion, type TFormKind } from './definition.js';
import { FORM_LIMITS } from './limits.js';
import { formDefinitionIssues } from './definition-rules.js';

type Q = Record<string, unknown>;
const FORM_ID = '0190a000-0000-7000-8000-000000000001';
const yn = (id: string, extra: Q = {}): Q => ({ id, type: 'yes_no', text: `Question ${id}?`, required: true, ...extra });
const choice = (id: string, type: 'single_choice' | 'multiple_choice', extra: Q = {}): Q => ({
  id,
  type,
  text: `Pick for ${id}`,
  required: false,
  options: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
  ...extra,
});
const draft = (questions: Q[], kind: TFormKind = 'risk_assessment', extra: Q = {}) => ({ kind, name: 'Test form', questions, ...extra });
const eq = (questionId: string, value: unknown) => ({ op: 'equals', questionId, value });
const alert = (when: unknown) => ({ effect: 'alert_office', when, message: 'Tell the office' });
const abort = (when: unknown) => ({ effect: 'abort_visit', when, message: 'Stop the visit' });
const requirePhoto = (when: unknown, photoQuestionId: string) => ({ effect: 'require_photo', when, message: 'Take a photo', photoQuestionId });
const photo = (id: string): Q => ({ id, type: 'photo', text: 'Photo', required: false });
const nest = (depth: number): unknown => (depth <= 1 ? eq('a', true) : { op: 'all', conditions: [nest(depth - 1)] });

/** Each refusal: the draft, the path of the issue, and words from its message. */
const refusals: Array<[string, unknown, Array<string | number>, string]> = [
  ['no questions', draft([]), ['questions'], 'at least one question'],
  ['too many questions', draft(Array.from({ length: FORM_LIMITS.questions + 1 }, (_, i) => yn(`q${i}`))), ['questions'], ''],
  ['too many options', draft([choice('c', 'single_choice', { options: Array.from({ length: FORM_LIMITS.options + 1 }, (_, i) => ({ id: `o${i}`, label: 'O' })) })]), ['questions', 0, 'options'], ''],
  ['a name that is too long', draft([yn('a')], 'risk_assessment', { name: 'x'.repeat(FORM_LIMITS.nameChars + 1) }), ['name'], ''],
  ['question text that is too long', draft([yn('a', { text: 'x'.repeat(FORM_LIMITS.questionTextChars + 1) })]), ['questions', 0, 'text'], ''],
  ['an outcome message that is too long', draft([yn('a', { outcomes: [{ ...alert(eq('a', true)), message: 'x'.repeat(501) }] })]), ['questions', 0, 'outcomes', 0, 'message'], ''],
  ['blank question text', draft([yn('a', { text: '   ' })]), ['questions', 0, 'text'], ''],
  ['a question id that is not a slug', draft([yn('Safe Access')]), ['questions', 0, 'id'], 'slug'],
  ['an unknown field (strict)', draft([yn('a', { colour: 'red' })]), ['questions', 0], ''],
  ['an unknown question type', draft([{ ...yn('a'), type: 'slider' }]), ['questions', 0, 'type'], ''],
  ['duplicate question ids', draft([yn('a'), yn('a')]), ['questions', 1, 'id'], 'used twice'],
  ['duplicate option ids', draft([choice('c', 'single_choice', { options: [{ id: 'a', label: 'A' }, { id: 'a', label: 'A again' }] })]), ['questions', 0, 'options', 1, 'id'], 'used twice'],
  ['a condition on a later question', draft([yn('a', { visibleWhen: eq('b', true) }), yn('b')]), ['questions', 0, 'visibleWhen', 'questionId'], 'earlier question'],
  ['a question visible on its own answer', draft([yn('a', { visibleWhen: { op: 'answered', questionId: 'a' } })]), ['questions', 0, 'visibleWhen', 'questionId'], 'earlier question'],
  ['a condition on no question', draft([yn('a'), yn('b', { visibleWhen: eq('zz', true) })]), ['questions', 1, 'visibleWhen', 'questionId'], 'no question "zz"'],
  ['a nested condition on a later question', draft([yn('a'), yn('b', { visibleWhen: { op: 'any', conditions: [eq('a', true), eq('c', true)] } }), yn('c')]), ['questions', 1, 'visibleWhen', 'conditions', 1, 'questionId'], 'earlier question'],
  ['an outcome on a later question', draft([yn('a', { outcomes: [alert(eq('b', true))] }), yn('b')]), ['questions', 0, 'outcomes', 0, 'when', 'questionId'], 'earlier question'],
  ['conditions nested too deep', draft([yn('a'), yn('b', { visibleWhen: nest(FORM_LIMITS.conditionDepth + 1) })]), ['questions', 1, 'visibleWhen'], 'nest at most'],
  ['an empty group', draft([yn('a'), yn('b', { visibleWhen: { op: 'all', conditions: [] } })]), ['questions', 1, 'visibleWhen', 'conditions'], ''],
  ['an empty "in"', draft([yn('a'), yn('b', { visibleWhen: { op: 'in', questionId: 'a', values: [] } })]), ['questions', 1, 'visibleWhen', 'values'], ''],
  ['"includes" on a single choice', draft([choice('c', 'single_choice'), yn('b', { visibleWhen: { op: 'includes', questionId: 'c', optionId: 'a' } })]), ['questions', 1, 'visibleWhen'], 'multiple-choice'],
  ['"includes" with an unknown option', draft([choice('c', 'multiple_choice'), yn('b', { visibleWhen: { op: 'includes', questionId: 'c', optionId: 'z' } })]), ['questions', 1, 'visibleWhen'], 'no option "z"'],
  ['"equals" an unknown option', draft([choice('c', 'single_choice'), yn('b', { visibleWhen: eq('c', 'z') })]), ['questions', 1, 'visibleWhen'], 'not one of the options'],
  ['"in" with an unknown option', draft([choice('c', 'single_choice'), yn('b', { visibleWhen: { op: 'in', questionId: 'c', values: ['a', 'z'] } })]), ['questions', 1, 'visibleWhen'], 'can never be an answer'],
  ['"equals" a string on a yes/no', draft([yn('a'), yn('b', { visibleWhen: eq('a', 'no') })]), ['questions', 1, 'visibleWhen'], 'yes or no'],
  ['"equals" on a multiple choice', draft([choice('c', 'multiple_choice'), yn('b', { visibleWhen: eq('c', 'a') })]), ['questions', 1, 'visibleWhen'], 'includes'],
  ['"notEquals" on a photo', draft([photo('p'), yn('b', { visibleWhen: { op: 'notEquals', questionId: 'p', value: 'x' } })]), ['questions', 1, 'visibleWhen'], 'answered'],
  ['"equals" a number out of range', draft([{ id: 'n', type: 'number', text: 'N', required: true, max: 10 }, yn('b', { visibleWhen: eq('n', 11) })]), ['questions', 1, 'visibleWhen'], 'at most 10'],
  ['"equals" an empty text', draft([{ id: 't', type: 'text', text: 'T', required: true }, yn('b', { visibleWhen: eq('t', '') })]), ['questions', 1, 'visibleWhen'], 'empty value'],
  ['number min above max', draft([{ id: 'n', type: 'number', text: 'N', required: true, min: 5, max: 4 }]), ['questions', 0, 'min'], 'above the maximum'],
  ['a whole-number question with a fractional step', draft([{ id: 'n', type: 'number', text: 'N', required: true, integer: true, step: 0.5 }]), ['questions', 0, 'step'], 'whole-number step'],
  ['a whole-number question with a fractional min', draft([{ id: 'n', type: 'number', text: 'N', required: true, integer: true, min: 0.5 }]), ['questions', 0, 'min'], 'whole-number minimum'],
  ['a zero step', draft([{ id: 'n', type: 'number', text: 'N', required: true, step: 0 }]), ['questions', 0, 'step'], ''],
  ['minSelections above maxSelections', draft([choice('c', 'multiple_choice', { minSelections: 2, maxSelections: 1 })]), ['questions', 0, 'minSelections'], 'at most'],
  ['minSelections above the options', draft([choice('c', 'multiple_choice', { minSelections: 3 })]), ['questions', 0, 'minSelections'], 'Only 2 options'],
  ['maxSelections above the options', draft([choice('c', 'multiple_choice', { maxSelections: 3 })]), ['questions', 0, 'maxSelections'], 'Only 2 options'],
  ['a text maxLength above the limit', draft([{ id: 't', type: 'text', text: 'T', required: true, maxLength: FORM_LIMITS.textAnswerChars + 1 }]), ['questions', 0, 'maxLength'], ''],
  ['a start-of-day check that aborts', draft([yn('a', { outcomes: [abort(eq('a', false))] })], 'start_of_day'), ['questions', 0, 'outcomes', 0, 'effect'], 'never blocks'],
  ['a start-of-day check that requires a photo', draft([yn('a', { outcomes: [requirePhoto(eq('a', false), 'p')] }), photo('p')], 'start_of_day'), ['questions', 0, 'outcomes', 0, 'effect'], 'never blocks'],
  ['a job completion that aborts', draft([yn('a', { outcomes: [abort(eq('a', false))] })], 'job_completion'), ['questions', 0, 'outcomes', 0, 'effect'], 'cannot use abort_visit'],
  ['require_photo naming no question', draft([yn('a', { outcomes: [requirePhoto(eq('a', true), 'p')] })]), ['questions', 0, 'outcomes', 0, 'photoQuestionId'], 'no question "p"'],
  ['require_photo naming an earlier photo', draft([photo('p'), yn('a', { outcomes: [requirePhoto(eq('a', true), 'p')] })]), ['questions', 1, 'outcomes', 0, 'photoQuestionId'], 'must come after'],
  ['require_photo naming a non-photo', draft([yn('a', { outcomes: [requirePhoto(eq('a', true), 'b')] }), yn('b')]), ['questions', 0, 'outcomes', 0, 'photoQuestionId'], 'not a photo question'],
  ['require_photo without a photo question', draft([yn('a', { outcomes: [{ effect: 'require_photo', when: eq('a', true), message: 'Photo' }] })]), ['questions', 0, 'outcomes', 0, 'photoQuestionId'], ''],
  ['an unknown effect', draft([yn('a', { outcomes: [{ effect: 'call_police', when: eq('a', true), message: 'x' }] })]), ['questions', 0, 'outcomes', 0, 'effect'], ''],
];

describe('form definition refusals', () => {
  it.each(refusals)('refuses %s', (_name, input, path, words) => {
    const result = ZFormDraft.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue, JSON.stringify(result.error!.issues)).toBeDefined();
    expect(issue!.message).toContain(words);
  });
});

describe('form definitions that are allowed', () => {
  it('accepts a form with one question and gives it an id and version', () => {
    expect(ZFormDraft.safeParse(draft([yn('a')])).success).toBe(true);
    const def = ZFormDefinition.parse({ id: FORM_ID, version: 3, ...draft([yn('a')]) });
    expect(def.version).toBe(3);
  });

  it.each([0, 1.5, -1])('refuses version %s', (version) => {
    expect(ZFormDefinition.safeParse({ id: FORM_ID, version, ...draft([yn('a')]) }).success).toBe(false);
  });

  it.each<TFormKind>(['risk_assessment', 'health_safety'])('lets a %s stop the visit', (kind) => {
    expect(ZFormDraft.safeParse(draft([yn('a', { outcomes: [abort(eq('a', false))] })], kind)).success).toBe(true);
  });

  it('lets a start-of-day check alert the office', () => {
    expect(ZFormDraft.safeParse(draft([yn('a', { outcomes: [alert(eq('a', true))] })], 'start_of_day')).success).toBe(true);
  });

  it('lets an outcome look at its own question and earlier ones, and require a later photo', () => {
    const d = draft([yn('a'), yn('b', { visibleWhen: eq('a', true), outcomes: [requirePhoto({ op: 'all', conditions: [eq('a', true), eq('b', false)] }, 'p')] }), photo('p')]);
    expect(ZFormDraft.safeParse(d).success).toBe(true);
  });

  it('accepts conditions nested to the limit and every operator on the types it fits', () => {
    const d = draft([
      yn('a'),
      choice('s', 'single_choice'),
      choice('m', 'multiple_choice'),
      { id: 'n', type: 'number', text: 'N', required: false, min: 0, max: 10, step: 0.5 },
      { id: 'd', type: 'date', text: 'D', required: false },
      photo('p'),
      yn('z', {
        visibleWhen: {
          op: 'any',
          conditions: [
            nest(FORM_LIMITS.conditionDepth - 1),
            { op: 'notEquals', questionId: 's', value: 'a' },
            { op: 'in', questionId: 'n', values: [0, 2.5, 10] },
            { op: 'includes', questionId: 'm', optionId: 'b' },
            eq('d', '2024-06-01'),
            { op: 'answered', questionId: 'p' },
          ],
        },
      }),
    ]);
    expect(ZFormDraft.safeParse(d).error?.issues ?? []).toEqual([]);
  });

  it('formDefinitionIssues lists every problem at once, for the builder to show', () => {
    const questions = [yn('a', { visibleWhen: eq('b', true) }), yn('a')].map((q) => ZFormQuestion.parse(q));
    expect(formDefinitionIssues({ kind: 'risk_assessment', questions }).map((i) => i.path)).toEqual([
      ['questions', 1, 'id'],
      ['questions', 0, 'visibleWhen', 'questionId'],
    ]);
  });

  it('can be described in the API docs (JSON Schema, recursive conditions included)', () => {
    for (const io of ['input', 'output'] as const) {
      const schema = z.toJSONSchema(ZFormDefinition, { io }) as { $defs?: Record<string, unknown> };
      expect(Object.keys(schema.$defs ?? {})).toEqual(expect.arrayContaining(['FormQuestion', 'FormCondition', 'FormOutcome']));
    }
  });
});
