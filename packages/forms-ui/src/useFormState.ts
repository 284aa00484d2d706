import { emptyAnswers, evaluateForm, validateSubmission, type TFormAnswerError, type TFormAnswersInput, type TFormEvaluation, type TFormValidation } from '@fieldkeep/domain';
import { useCallback, useMemo, useState } from 'react';
import type { TRenderableForm } from './FormRenderer';

export interface TFormState {
  answers: Record<string, unknown>;
  /** Pass to FormRenderer's `onChange`. */
  setAnswers: (answers: Record<string, unknown>) => void;
  /** The problems shown since the last `validate()` that failed (cleared by a passing one). */
  errors: TFormAnswerError[];
  evaluation: TFormEvaluation;
  /**
   * Checks the answers with the domain's `validateSubmission`, against the definition as it is now.
   * Keys the definition has no question for (a question removed by a newer version while the form
   * was open) and blank values are left out first, so they never read as "answered elsewhere".
   */
  validate: () => TFormValidation;
  reset: () => void;
}

/** Answers to the form's own questions only, with `null`s dropped. */
export function answersForSubmission(form: TRenderableForm, answers: TFormAnswersInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of form.questions) {
    const v = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    if (v !== undefined && v !== null) out[q.id] = v;
  }
  return out;
}

/**
 * Answers and shown problems for one form. Answers are kept by question id, so when the definition
 * changes under an open form (the office edits the preview; a newer version arrives) what was
 * typed for surviving questions stays.
 */
export function useFormState(definition: TRenderableForm, initial?: TFormAnswersInput): TFormState {
  const [answers, setAnswers] = useState<Record<string, unknown>>(() => ({ ...emptyAnswers(definition), ...initial }));
  const [errors, setErrors] = useState<TFormAnswerError[]>([]);
  const evaluation = useMemo(() => evaluateForm(definition, answersForSubmission(definition, answers)), [definition, answers]);
  const validate = useCallback((): TFormValidation => {
    const result = validateSubmission(definition, answersForSubmission(definition, answers));
    setErrors(result.ok ? [] : result.errors);
    return result;
  }, [definition, answers]);
  const reset = useCallback(() => {
    setAnswers({ ...emptyAnswers(definition), ...initial });
    setErrors([]);
  }, [definition, initial]);
  return { answers, setAnswers, errors, evaluation, validate, reset };
}
