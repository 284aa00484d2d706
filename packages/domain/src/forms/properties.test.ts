import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORM_KINDS } from '../sync-data.js';
import type { TFormAnswerValue } from './answers.js';
import type { TFormCondition } from './condition.js';
import { FORM_KIND_EFFECTS, ZFormDefinition, type TFormDefinition, type TFormKind, type TFormOutcome, type TFormQuestion } from './definition.js';
import { evaluateForm, validateSubmission, visibleQuestions, type TFormOutcomeHit } from './evaluate.js';
import { FORM_LIMITS } from './limits.js';

// ---- arbitraries: valid definitions --------------------------------------------------------------
const hex = fc.constantFrom(...'0123456789abcdef');
const arbSha = fc.string({ unit: hex, minLength: 64, maxLength: 64 });
const opt = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const arbOptions = fc.integer({ min: 1, max: 5 }).map((n) => Array.from({ length: n }, (_, i) => ({ id: `o${i}`, label: `Option ${i}` })));

/** A question's type and type settings; id, text and required come later. */
const arbShape: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ type: 'yes_no' }),
  arbOptions.map((options) => ({ type: 'single_choice', options })),
  arbOptions.chain((options) =>
    fc.record({ min: opt(fc.integer({ min: 1, max: options.length })), max: opt(fc.integer({ min: 1, max: options.length })) }).map(({ min, max }) => ({
      type: 'multiple_choice',
      options,
      minSelections: min,
      maxSelections: max === undefined ? undefined : Math.max(max, min ?? 1),
    })),
  ),
  fc.record({ maxLength: opt(fc.integer({ min: 1, max: 40 })) }).map((t) => ({ type: 'text', ...t })),
  fc
    .record({
      integer: fc.boolean(),
      min: opt(fc.integer({ min: -100, max: 100 })),
      half: fc.boolean(),
      span: opt(fc.integer({ min: 0, max: 200 })),
      step: opt(fc.constantFrom(1, 2, 5, 0.5, 0.25, 0.1)),
    })
    .map(({ integer, min, half, span, step }) => {
      const lo = min !== undefined && half && !integer ? min + 0.5 : min;
      return { type: 'number', integer, min: lo, max: span === undefined ? undefined : (lo ?? 0) + span, step: integer && step !== undefined && !Number.isInteger(step) ? undefined : step };
    }),
  fc.constantFrom({ type: 'date' }, { type: 'time' }, { type: 'datetime' }, { type: 'signature' }),
  fc.record({ maxPhotos: opt(fc.integer({ min: 1, max: 3 })) }).map((p) => ({ type: 'photo', ...p })),
);

/** Any valid answer to a question. */
function arbValue(q: TFormQuestion): fc.Arbitrary<TFormAnswerValue> {
  switch (q.type) {
    case 'yes_no':
      return fc.boolean();
    case 'single_choice':
      return fc.constantFrom(...q.options.map((o) => o.id));
    case 'multiple_choice':
      return fc.shuffledSubarray(q.options.map((o) => o.id), { minLength: q.minSelections ?? 1, maxLength: q.maxSelections ?? q.options.length });
    case 'text':
      return fc
        .oneof(fc.constantFrom('ok', 'fault'), fc.string({ minLength: 1, maxLength: 60 }))
        .map((s) => s.slice(0, q.maxLength ?? FORM_LIMITS.textAnswerChars))
        .filter((s) => s.trim() !== '');
    case 'number': {
      const lo = q.min ?? -1000;
      const hi = q.max ?? 1000;
      const inRange = (v: number) => (q.min === undefined || v >= q.min) && (q.max === undefined || v <= q.max);
      if (q.step !== undefined) {
        const base = q.min ?? 0;
        const step = q.step;
        return fc.integer({ min: q.min === undefined ? -50 : 0, max: Math.max(0, Math.floor((hi - base) / step)) }).map((k) => base + k * step).filter(inRange);
      }
      if (q.integer) return fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) });
      return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0); // no -0: JSON has none
    }
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    case 'datetime':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'photo':
      return fc.uniqueArray(arbSha, { minLength: 1, maxLength: q.maxPhotos ?? 3 });
    case 'signature':
      return arbSha;
  }
}

function arbLeaf(q: TFormQuestion): fc.Arbitrary<TFormCondition> {
  const answered = fc.constant<TFormCondition>({ op: 'answered', questionId: q.id });
  if (q.type === 'photo' || q.type === 'signature') return answered;
  if (q.type === 'multiple_choice') return fc.oneof(answered, fc.constantFrom(...q.options).map((o): TFormCondition => ({ op: 'includes', questionId: q.id, optionId: o.id })));
  const v = arbValue(q) as fc.Arbitrary<string | number | boolean>;
  return fc.oneof(
    answered,
    v.map((value): TFormCondition => ({ op: 'equals', questionId: q.id, value })),
    v.map((value): TFormCondition => ({ op: 'notEquals', questionId: q.id, value })),
    fc.array(v, { minLength: 1, maxLength: 3 }).map((values): TFormCondition => ({ op: 'in', questionId: q.id, values })),
  );
}

/** A condition over `candidates` (the questions it may look at), up to three deep. */
function arbCondition(candidates: TFormQuestion[]): fc.Arbitrary<TFormCondition> {
  const leaf = fc.constantFrom(...candidates).chain(arbLeaf);
  const group = (inner: fc.Arbitrary<TFormCondition>) =>
    fc.record({ op: fc.constantFrom('all' as const, 'any' as const), conditions: fc.array(inner, { minLength: 1, maxLength: 3 }) }).map((g): TFormCondition => g);
  return fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: group(fc.oneof(leaf, group(leaf))) });
}

function arbOutcome(kind: TFormKind, upToSelf: TFormQuestion[], laterPhotos: string[]): fc.Arbitrary<TFormOutcome> {
  const effects = FORM_KIND_EFFECTS[kind].filter((e) => e !== 'require_photo' || laterPhotos.length > 0);
  return fc
    .record({ effect: fc.constantFrom(...effects), when: arbCondition(upToSelf), photo: laterPhotos.length ? fc.constantFrom(...laterPhotos) : fc.constant('') })
    .map(({ effect, when, photo }): TFormOutcome => (effect === 'require_photo' ? { effect, when, message: 'Photo please', photoQuestionId: photo } : { effect, when, message: `Outcome ${effect}` }));
}

const FORM_ID = '0190a000-0000-7000-8000-0000000000aa';
/** Valid definitions: parsed by ZFormDefinition, so a generator mistake fails loudly. */
const arbDefinition: fc.Arbitrary<TFormDefinition> = fc
  .record({ kind: fc.constantFrom(...FORM_KINDS), shapes: fc.array(arbShape, { minLength: 1, maxLength: 8 }) })
  .chain(({ kind, shapes }) => {
    const qs = shapes.map((s, i) => ({ ...s, id: `q${i}`, text: `Question ${i}`, required: false }) as TFormQuestion);
    const extras = qs.map((q, i) =>
      fc.record({
        required: fc.boolean(),
        visibleWhen: i > 0 ? opt(arbCondition(qs.slice(0, i))) : fc.constant(undefined),
        outcomes: fc.array(arbOutcome(kind, qs.slice(0, i + 1), qs.slice(i + 1).filter((p) => p.type === 'photo').map((p) => p.id)), { maxLength: 2 }),
      }),
    );
    return fc.tuple(...extras).map((ex) => ZFormDefinition.parse({ id: FORM_ID, version: 1, kind, name: 'Generated', questions: qs.map((q, i) => ({ ...q, ...ex[i] })) }));
  });

// ---- a reference walk, written apart from evaluate.ts ------------------------------------------------
function holds(c: TFormCondition, got: Record<string, TFormAnswerValue>): boolean {
  if (c.op === 'all') return c.conditions.every((x) => holds(x, got));
  if (c.op === 'any') return c.conditions.some((x) => holds(x, got));
  if (!(c.questionId in got)) return false;
  const v = got[c.questionId]!;
  if (c.op === 'answered') return true;
  if (c.op === 'includes') return (v as string[]).includes(c.optionId);
  if (c.op === 'equals') return v === c.value;
  if (c.op === 'notEquals') return v !== c.value;
  return c.values.includes(v as string);
}

/** Answers exactly the shown questions, in order: required ones always, optional ones when `include`. */
function answerInOrder(def: TFormDefinition, values: TFormAnswerValue[], include: boolean[]) {
  const answers: Record<string, TFormAnswerValue> = {};
  const shown = new Set<string>();
  const forced = new Set<string>();
  const outcomes: TFormOutcomeHit[] = [];
  def.questions.forEach((q, i) => {
    if (!forced.has(q.id) && q.visibleWhen && !holds(q.visibleWhen, answers)) return;
    shown.add(q.id);
    if (q.required || forced.has(q.id) || include[i]) answers[q.id] = values[i]!;
    for (const o of q.outcomes ?? [])
      if (holds(o.when, answers)) {
        outcomes.push(o.effect === 'require_photo' ? { effect: o.effect, message: o.message, questionId: q.id, photoQuestionId: o.photoQuestionId } : { effect: o.effect, message: o.message, questionId: q.id });
        if (o.effect === 'require_photo') forced.add(o.photoQuestionId);
      }
  });
  const all = Object.fromEntries(def.questions.map((q, i) => [q.id, values[i]!]));
  return { answers, shown, outcomes, all };
}

const arbCase = arbDefinition.chain((def) =>
  fc.tuple(fc.tuple(...def.questions.map(arbValue)), fc.array(fc.boolean(), { minLength: def.questions.length, maxLength: def.questions.length })).map(([values, include]) => ({ def, ...answerInOrder(def, values, include) })),
);

/** Values no question of that type accepts (each also "answered", so never mistaken for a blank). */
function invalidValues(q: TFormQuestion): unknown[] {
  const shapeless = [{}, { value: true }, [[1]]];
  const sha = (n: number) => n.toString(16).padStart(64, '0');
  const byType: Record<TFormQuestion['type'], unknown[]> = {
    yes_no: ['yes', 'no', 1, 0, ['true']],
    single_choice: ['zz_missing', 7, true, ['o0']],
    multiple_choice: [['zz_missing'], 'o0', ['o0', 'o0'], 3],
    text: [42, true, ['a'], 'x'.repeat((q.type === 'text' && q.maxLength) || FORM_LIMITS.textAnswerChars) + 'x'],
    number: ['5', true, [1], Number.NaN, Number.POSITIVE_INFINITY],
    date: ['2024-02-30', '2024-13-01', '01/02/2024', 20240101, '2024-01-01T00:00:00Z'],
    time: ['24:00', '12:60', '9:00', 'noon', 930],
    datetime: ['2024-01-01', '2024-01-01T10:00:00', 'yesterday', 1_700_000_000_000],
    photo: [['photo.jpg'], sha(1), [sha(1), sha(1)], ['A'.repeat(64)], Array.from({ length: FORM_LIMITS.photosPerQuestion + 1 }, (_, i) => sha(i))],
    signature: ['signed', [sha(1)], 'A'.repeat(64), 5],
  };
  const extra: unknown[] = [];
  if (q.type === 'multiple_choice' && q.maxSelections !== undefined && q.maxSelections < q.options.length) extra.push(q.options.map((o) => o.id));
  if (q.type === 'multiple_choice' && (q.minSelections ?? 1) > 1) extra.push([q.options[0]!.id]);
  if (q.type === 'photo' && q.maxPhotos !== undefined) extra.push(Array.from({ length: q.maxPhotos + 1 }, (_, i) => sha(i)));
  if (q.type === 'number') {
    if (q.max !== undefined) extra.push(q.max + 1);
    if (q.min !== undefined) extra.push(q.min - 1);
    if (q.integer) extra.push((q.min ?? 0) + 0.5);
    if (q.step !== undefined) extra.push((q.min ?? 0) + q.step / 2);
  }
  return [...shapeless, ...byType[q.type], ...extra];
}

// ---- properties ----------------------------------------------------------------------------------
describe('form logic properties', () => {
  it('(a) answering exactly the shown questions with valid values is accepted, with the outcomes they set off', () => {
    fc.assert(
      fc.property(arbCase, ({ def, answers, shown, outcomes }) => {
        expect(visibleQuestions(def, answers).map((q) => q.id)).toEqual(def.questions.filter((q) => shown.has(q.id)).map((q) => q.id));
        expect(validateSubmission(def, answers)).toEqual({ ok: true, outcomes, answers });
      }),
      { numRuns: 300 },
    );
  });

  it('(b) hidden questions are never required, and their answers never change the result', () => {
    fc.assert(
      fc.property(arbCase, fc.func(fc.boolean()), ({ def, answers, shown, all }, keep) => {
        const expected = validateSubmission(def, answers);
        const hidden = def.questions.map((q) => q.id).filter((id) => !shown.has(id));
        const withHidden = { ...answers, ...Object.fromEntries(hidden.map((id) => [id, all[id]])) };
        expect(validateSubmission(def, withHidden)).toEqual(expected);
        for (const id of hidden) {
          const { [id]: _gone, ...without } = withHidden;
          expect(validateSubmission(def, without)).toEqual(expected);
        }
        // Any subset of answers: "required" is only ever reported for a question that is shown.
        const partial = Object.fromEntries(Object.entries(all).filter(([id]) => keep(id)));
        const states = evaluateForm(def, partial).questions;
        const r = validateSubmission(def, partial);
        for (const e of r.ok ? [] : r.errors) if (e.code === 'required' || e.code === 'photo_required') expect(states.find((s) => s.id === e.questionId)!.visible).toBe(true);
        for (const s of states) if (!s.visible) expect([s.required, s.error]).toEqual([false, null]);
      }),
    );
  });

  it('(c) the result depends on the answers, not on key order, and survives a JSON round trip', () => {
    fc.assert(
      fc.property(arbCase, fc.func(fc.boolean()), fc.func(fc.integer()), ({ def, all }, keep, rank) => {
        const entries = [...Object.entries(all).filter(([id]) => keep(id)), ['zz_unknown', 1] as const, ['aa_unknown', null] as const];
        const shuffled = [...entries].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
        const r1 = validateSubmission(def, Object.fromEntries(entries));
        const r2 = validateSubmission(def, Object.fromEntries(shuffled));
        expect(JSON.stringify(r2)).toBe(JSON.stringify(r1));
        const phone = JSON.parse(JSON.stringify(Object.fromEntries(shuffled))) as Record<string, unknown>;
        expect(validateSubmission(def, phone)).toEqual(r1);
      }),
    );
  });

  it('(d) one answer made invalid for its type is always rejected, naming that question', () => {
    const arbMutation = arbCase.filter(({ answers }) => Object.keys(answers).length > 0).chain((c) => fc.constantFrom(...Object.keys(c.answers)).map((id) => ({ ...c, id })));
    fc.assert(
      fc.property(arbMutation, ({ def, answers, id }) => {
        // Every kind of invalid value for the question's type, each on its own.
        for (const bad of invalidValues(def.questions.find((q) => q.id === id)!)) {
          const r = validateSubmission(def, { ...answers, [id]: bad });
          expect(r.ok, JSON.stringify(bad)).toBe(false);
          expect(!r.ok && r.errors.some((e) => e.questionId === id), JSON.stringify(bad)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('(e) never throws on arbitrary JSON answers: every problem names a question or an unknown key', () => {
    fc.assert(
      fc.property(arbDefinition, fc.dictionary(fc.constantFrom('q0', 'q1', 'q2', 'q3', 'other', 'toString'), fc.jsonValue()), (def, answers) => {
        const r = validateSubmission(def, answers);
        for (const e of r.ok ? [] : r.errors) expect(def.questions.some((q) => q.id === e.questionId) || e.code === 'unknown_question').toBe(true);
      }),
    );
  });
});
