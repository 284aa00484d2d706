import { z } from 'zod';
import { checkAnswerValue, isAnswered, type TFormAnswerError, type TFormAnswers, type TFormAnswerValue } from './answers.js';
import { evaluateFormCondition } from './condition.js';
import { ZFormEffect, type TFormQuestion } from './definition.js';

/**
 * The one evaluation of a form against answers. The phone runs it offline as the engineer types,
 * the office preview runs it in the builder, and the server re-runs it on every submission — so
 * it is pure, deterministic and independent of the order of keys in the answers object.
 *
 * One pass in question order (conditions only look backwards):
 * - a question is shown when its `visibleWhen` holds, or when a fired `require_photo` names it;
 * - conditions see only valid answers to shown questions — a hidden or invalid answer is "unanswered";
 * - an answer to a hidden question is ignored (not an error) and left out of the accepted answers:
 *   the phone keeps what was typed if the engineer flips an earlier answer back, and the server
 *   never stores an answer to a question the engineer was not shown;
 * - an answer to a question the definition does not have is an error (`unknown_question`): it
 *   means the submission was made against another version;
 * - a shown question is required when it says so, or when a fired `require_photo` names it;
 * - outcomes fire only on shown questions, in question order then outcome order.
 */
export type TFormAnswersInput = Readonly<Record<string, unknown>>;
type TFormLike = { readonly questions: readonly TFormQuestion[] };

export const ZFormOutcomeHit = z
  .object({
    effect: ZFormEffect,
    message: z.string(),
    /** The question whose outcome fired. */
    questionId: z.string(),
    /** For require_photo: the photo question that became required. */
    photoQuestionId: z.string().optional(),
  })
  .meta({ id: 'FormOutcomeHit' });
export type TFormOutcomeHit = z.infer<typeof ZFormOutcomeHit>;

/** What a renderer needs to draw one question. */
export interface TFormQuestionState {
  id: string;
  visible: boolean;
  /** Only ever true for a shown question. */
  required: boolean;
  answered: boolean;
  /** The first thing wrong with it (including "required" while unanswered); null for a hidden question. */
  error: TFormAnswerError | null;
}

export interface TFormEvaluation {
  /** Every question, in form order. */
  questions: TFormQuestionState[];
  outcomes: TFormOutcomeHit[];
  /** Answer keys the form has no question for, sorted. */
  unknownIds: string[];
  /** The valid answers to shown questions, in question order: what a submission keeps. */
  answers: TFormAnswers;
}

const own = (answers: TFormAnswersInput, id: string): unknown => (Object.hasOwn(answers, id) ? answers[id] : undefined);

export function evaluateForm(form: TFormLike, answers: TFormAnswersInput): TFormEvaluation {
  const accepted = new Map<string, TFormAnswerValue>();
  /** Photo question id → the message of the first outcome that required it. */
  const forced = new Map<string, string>();
  const lookup = (id: string) => accepted.get(id);
  const questions: TFormQuestionState[] = [];
  const outcomes: TFormOutcomeHit[] = [];
  for (const q of form.questions) {
    const raw = own(answers, q.id);
    const answered = isAnswered(raw);
    const forcedBy = forced.get(q.id);
    const visible = forcedBy !== undefined || !q.visibleWhen || evaluateFormCondition(q.visibleWhen, lookup);
    const required = visible && (q.required || forcedBy !== undefined);
    let error: TFormAnswerError | null = null;
    if (visible) {
      if (answered) {
        const problem = checkAnswerValue(q, raw);
        if (problem) error = { questionId: q.id, ...problem };
        else accepted.set(q.id, Array.isArray(raw) ? [...(raw as string[])] : (raw as TFormAnswerValue));
      } else if (forcedBy !== undefined) {
        error = { questionId: q.id, code: 'photo_required', message: `A photo is required: ${forcedBy}` };
      } else if (required) {
        error = { questionId: q.id, code: 'required', message: 'This question must be answered.' };
      }
      for (const o of q.outcomes ?? []) {
        if (!evaluateFormCondition(o.when, lookup)) continue;
        if (o.effect === 'require_photo') {
          outcomes.push({ effect: o.effect, message: o.message, questionId: q.id, photoQuestionId: o.photoQuestionId });
          if (!forced.has(o.photoQuestionId)) forced.set(o.photoQuestionId, o.message);
        } else {
          outcomes.push({ effect: o.effect, message: o.message, questionId: q.id });
        }
      }
    }
    questions.push({ id: q.id, visible, required, answered, error });
  }
  const known = new Set(form.questions.map((q) => q.id));
  const unknownIds = Object.keys(answers)
    .filter((k) => !known.has(k))
    .sort();
  return { questions, outcomes, unknownIds, answers: Object.fromEntries(accepted) };
}

/** The questions to show, in order, given the answers so far. */
export function visibleQuestions(form: TFormLike, answers: TFormAnswersInput): TFormQuestion[] {
  const states = evaluateForm(form, answers).questions;
  return form.questions.filter((_, i) => states[i]!.visible);
}

/** The outcomes the answers set off: abort the visit, alert the office, require a photo. */
export function outcomesOf(form: TFormLike, answers: TFormAnswersInput): TFormOutcomeHit[] {
  return evaluateForm(form, answers).outcomes;
}

export type TFormValidation = { ok: true; outcomes: TFormOutcomeHit[]; answers: TFormAnswers } | { ok: false; errors: TFormAnswerError[] };

/**
 * Checks a submission against the definition version it names. Accepted: the outcomes, and the
 * answers to keep (answers to hidden questions dropped). Refused: every problem, questions in
 * form order, then unknown question ids.
 */
export function validateSubmission(form: TFormLike, answers: TFormAnswersInput): TFormValidation {
  const ev = evaluateForm(form, answers);
  const errors: TFormAnswerError[] = ev.questions.flatMap((s) => (s.error ? [s.error] : []));
  for (const id of ev.unknownIds) errors.push({ questionId: id, code: 'unknown_question', message: `This form has no question "${id}".` });
  return errors.length ? { ok: false, errors } : { ok: true, outcomes: ev.outcomes, answers: ev.answers };
}

/** One question's state for a renderer; undefined when the form has no such question. */
export function questionState(form: TFormLike, answers: TFormAnswersInput, questionId: string): TFormQuestionState | undefined {
  return evaluateForm(form, answers).questions.find((s) => s.id === questionId);
}

/** A fresh answer set for a renderer: every question present and unanswered (`null`). */
export function emptyAnswers(form: TFormLike): Record<string, null> {
  return Object.fromEntries(form.questions.map((q) => [q.id, null]));
}
