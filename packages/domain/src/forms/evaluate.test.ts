import { describe, expect, it } from 'vitest';
import { ZFormDefinition, type TFormDefinition, type TFormKind } from './definition.js';
import { emptyAnswers, evaluateForm, outcomesOf, questionState, validateSubmission, visibleQuestions } from './evaluate.js';

type Q = Record<string, unknown>;
const FORM_ID = '0190a000-0000-7000-8000-000000000002';
const SHA = 'ab'.repeat(32);
const buildForm = (questions: Q[], kind: TFormKind = 'risk_assessment'): TFormDefinition =>
  ZFormDefinition.parse({ id: FORM_ID, version: 1, kind, name: 'Test form', questions });
const eq = (questionId: string, value: unknown) => ({ op: 'equals', questionId, value });
const errorsOf = (form: TFormDefinition, answers: Record<string, unknown>) => {
  const r = validateSubmission(form, answers);
  return r.ok ? [] : r.errors.map((e) => `${e.questionId}:${e.code}`);
};
const ids = (form: TFormDefinition, answers: Record<string, unknown>) => visibleQuestions(form, answers).map((q) => q.id);

/** a (yes/no) → b (text) when a = no; c (multi) once a is answered; d (number) when c includes x. */
const form = buildForm([
  { id: 'a', type: 'yes_no', text: 'A?', required: true, outcomes: [{ effect: 'abort_visit', when: eq('a', false), message: 'Unsafe' }] },
  { id: 'b', type: 'text', text: 'Why not?', required: true, visibleWhen: eq('a', false) },
  {
    id: 'c',
    type: 'multiple_choice',
    text: 'Which?',
    required: false,
    options: [
      { id: 'x', label: 'X' },
      { id: 'y', label: 'Y' },
    ],
    visibleWhen: { op: 'answered', questionId: 'a' },
    outcomes: [{ effect: 'alert_office', when: { op: 'includes', questionId: 'c', optionId: 'y' }, message: 'Y chosen' }],
  },
  { id: 'd', type: 'number', text: 'How many?', required: true, min: 1, max: 5, integer: true, visibleWhen: { op: 'includes', questionId: 'c', optionId: 'x' } },
]);

describe('visibility', () => {
  it('reveals questions as answers accrue', () => {
    expect(ids(form, {})).toEqual(['a']);
    expect(ids(form, { a: false })).toEqual(['a', 'b', 'c']);
    expect(ids(form, { a: true })).toEqual(['a', 'c']);
    expect(ids(form, { a: true, c: ['x'] })).toEqual(['a', 'c', 'd']);
  });

  it('ignores what a hidden question still holds: a stale answer never reveals anything', () => {
    // c hidden (a unanswered) but still holds ["x"] from before: d stays hidden.
    expect(ids(form, { c: ['x'], d: 3 })).toEqual(['a']);
  });

  it('treats an invalid answer as unanswered for conditions', () => {
    expect(ids(form, { a: 'no' })).toEqual(['a']);
  });

  it('needs an answer for notEquals and in; combines with all / any', () => {
    const f = buildForm([
      { id: 'a', type: 'single_choice', text: 'A', required: false, options: [{ id: 'p', label: 'P' }, { id: 'q', label: 'Q' }, { id: 'r', label: 'R' }] },
      { id: 'ne', type: 'yes_no', text: 'NE', required: false, visibleWhen: { op: 'notEquals', questionId: 'a', value: 'p' } },
      { id: 'in', type: 'yes_no', text: 'IN', required: false, visibleWhen: { op: 'in', questionId: 'a', values: ['p', 'q'] } },
      { id: 'all', type: 'yes_no', text: 'ALL', required: false, visibleWhen: { op: 'all', conditions: [eq('a', 'q'), eq('in', true)] } },
      { id: 'any', type: 'yes_no', text: 'ANY', required: false, visibleWhen: { op: 'any', conditions: [eq('a', 'r'), eq('in', true)] } },
    ]);
    expect(ids(f, {})).toEqual(['a']);
    expect(ids(f, { a: 'p' })).toEqual(['a', 'in']);
    expect(ids(f, { a: 'q' })).toEqual(['a', 'ne', 'in']);
    expect(ids(f, { a: 'q', in: true })).toEqual(['a', 'ne', 'in', 'all', 'any']);
    expect(ids(f, { a: 'r', in: true })).toEqual(['a', 'ne', 'any']);
  });
});

describe('validateSubmission', () => {
  it('accepts a complete submission and returns its outcomes and the answers to keep', () => {
    expect(validateSubmission(form, { a: true, c: ['y', 'x'], d: 2 })).toEqual({
      ok: true,
      outcomes: [{ effect: 'alert_office', message: 'Y chosen', questionId: 'c' }],
      answers: { a: true, c: ['y', 'x'], d: 2 },
    });
  });

  it('requires a shown required question and never a hidden one', () => {
    expect(errorsOf(form, {})).toEqual(['a:required']);
    expect(errorsOf(form, { a: false })).toEqual(['b:required']);
    expect(errorsOf(form, { a: true })).toEqual([]);
    expect(errorsOf(form, { a: true, c: ['x'] })).toEqual(['d:required']);
  });

  it('counts null, blank text and an empty list as unanswered', () => {
    expect(errorsOf(form, { a: false, b: '   ', c: [] })).toEqual(['b:required']);
    expect(errorsOf(form, { a: null })).toEqual(['a:required']);
  });

  it('ignores answers to hidden questions, even malformed ones, and drops them from what is kept', () => {
    const r = validateSubmission(form, { a: true, b: 'typed before a was changed', d: 'garbage' });
    expect(r).toEqual({ ok: true, outcomes: [], answers: { a: true } });
  });

  it('rejects answers to questions the form does not have, sorted, whatever their value', () => {
    expect(errorsOf(form, { a: true, zeta: 1, alpha: null })).toEqual(['alpha:unknown_question', 'zeta:unknown_question']);
  });

  it('reports every problem with the question it belongs to, in form order', () => {
    expect(errorsOf(form, { a: false, b: 7, c: ['x', 'z'] })).toEqual(['b:wrong_type', 'c:unknown_option']);
    expect(errorsOf(form, { a: true, c: ['x'], d: 9 })).toEqual(['d:out_of_range']);
    expect(errorsOf(form, { a: true, c: ['x'], d: 2.5 })).toEqual(['d:not_integer']);
  });

  it('is not fooled by keys that exist on every object', () => {
    const f = buildForm([{ id: 'constructor', type: 'yes_no', text: 'C?', required: true }]);
    expect(errorsOf(f, {})).toEqual(['constructor:required']);
    expect(validateSubmission(f, { constructor: true })).toMatchObject({ ok: true, answers: { constructor: true } });
    expect(errorsOf(form, JSON.parse('{"a": true, "__proto__": {"a": false}}') as Record<string, unknown>)).toEqual(['__proto__:unknown_question']);
  });
});

describe('outcomes', () => {
  it('names the question that set each one off, in form order', () => {
    expect(outcomesOf(form, { a: false, b: 'dog', c: ['y'] })).toEqual([
      { effect: 'abort_visit', message: 'Unsafe', questionId: 'a' },
      { effect: 'alert_office', message: 'Y chosen', questionId: 'c' },
    ]);
  });

  it('is available before the form is complete, so the phone can stop the visit at once', () => {
    expect(validateSubmission(form, { a: false }).ok).toBe(false);
    expect(outcomesOf(form, { a: false }).map((o) => o.effect)).toEqual(['abort_visit']);
  });

  it('never fires on a hidden question', () => {
    expect(outcomesOf(form, { c: ['y'] })).toEqual([]);
  });
});

describe('require_photo', () => {
  const f = buildForm(
    [
      { id: 'damage', type: 'yes_no', text: 'Any damage?', required: true, outcomes: [{ effect: 'require_photo', when: eq('damage', true), message: 'Photograph the damage', photoQuestionId: 'pics' }] },
      // Otherwise never shown: only the outcome brings it up.
      { id: 'pics', type: 'photo', text: 'Photos', required: false, visibleWhen: { op: 'all', conditions: [eq('damage', true), eq('damage', false)] } },
    ],
    'job_completion',
  );

  it('shows the photo question and makes it required once it fires', () => {
    expect(ids(f, { damage: false })).toEqual(['damage']);
    expect(ids(f, { damage: true })).toEqual(['damage', 'pics']);
    const r = validateSubmission(f, { damage: true });
    expect(r).toEqual({ ok: false, errors: [{ questionId: 'pics', code: 'photo_required', message: 'A photo is required: Photograph the damage' }] });
  });

  it('is met by a photo', () => {
    expect(validateSubmission(f, { damage: true, pics: [SHA] })).toEqual({
      ok: true,
      outcomes: [{ effect: 'require_photo', message: 'Photograph the damage', questionId: 'damage', photoQuestionId: 'pics' }],
      answers: { damage: true, pics: [SHA] },
    });
  });
});

describe('renderer helpers', () => {
  it('questionState says whether a question shows, is required and what is wrong', () => {
    expect(questionState(form, { a: false }, 'b')).toEqual({
      id: 'b',
      visible: true,
      required: true,
      answered: false,
      error: { questionId: 'b', code: 'required', message: 'This question must be answered.' },
    });
    expect(questionState(form, { a: true, b: 'x' }, 'b')).toEqual({ id: 'b', visible: false, required: false, answered: true, error: null });
    expect(questionState(form, {}, 'nope')).toBeUndefined();
  });

  it('emptyAnswers holds every question unanswered and validates like no answers at all', () => {
    expect(emptyAnswers(form)).toEqual({ a: null, b: null, c: null, d: null });
    expect(validateSubmission(form, emptyAnswers(form))).toEqual(validateSubmission(form, {}));
  });

  it('evaluateForm gives one state per question in form order', () => {
    expect(evaluateForm(form, { a: true }).questions.map((s) => [s.id, s.visible])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', false],
    ]);
  });

  it('does not change the answers it is given', () => {
    const answers = { a: true, c: ['x', 'y'], d: 2, b: 'stale' };
    const before = structuredClone(answers);
    const r = validateSubmission(form, answers);
    expect(answers).toEqual(before);
    if (r.ok) r.answers.c = [];
    expect(answers.c).toEqual(['x', 'y']);
  });
});
