import { checkAnswerValue, isAnswered } from './answers.js';
import { conditionDepth, conditionLeaves, type TFormCondition } from './condition.js';
import { FORM_KIND_EFFECTS, type TFormKind, type TFormQuestion } from './definition.js';
import { FORM_LIMITS } from './limits.js';

/** A definition-level problem, with the path of the offending part (as zod reports it). */
export interface TFormDefinitionIssue {
  path: Array<string | number>;
  message: string;
}

type Leaf = ReturnType<typeof conditionLeaves>[number]['leaf'];

/** Whether a leaf fits the question it names: operator for the type, values that are valid answers. */
function leafProblem(leaf: Leaf, target: TFormQuestion): string | null {
  switch (leaf.op) {
    case 'answered':
      return null;
    case 'includes':
      if (target.type !== 'multiple_choice') return `"includes" needs a multiple-choice question; "${target.id}" is ${target.type}.`;
      return target.options.some((o) => o.id === leaf.optionId) ? null : `"${target.id}" has no option "${leaf.optionId}".`;
    case 'equals':
    case 'notEquals':
    case 'in': {
      if (target.type === 'multiple_choice') return `Use "includes" for the multiple-choice question "${target.id}".`;
      if (target.type === 'photo' || target.type === 'signature') return `Use "answered" for the ${target.type} question "${target.id}".`;
      const values = leaf.op === 'in' ? leaf.values : [leaf.value];
      for (const v of values) {
        const wrong = isAnswered(v) ? checkAnswerValue(target, v) : { message: 'an empty value never matches' };
        if (wrong) return `${JSON.stringify(v)} can never be an answer to "${target.id}": ${wrong.message}`;
      }
      return null;
    }
  }
}

/**
 * Checks a condition against the questions it may look at: those before `limit` (exclusive), or up
 * to and including it when `includeSelf` (an outcome may look at its own question).
 */
function conditionIssues(
  c: TFormCondition,
  path: Array<string | number>,
  questions: readonly TFormQuestion[],
  indexOf: ReadonlyMap<string, number>,
  limit: number,
  includeSelf: boolean,
): TFormDefinitionIssue[] {
  const issues: TFormDefinitionIssue[] = [];
  if (conditionDepth(c) > FORM_LIMITS.conditionDepth) issues.push({ path, message: `Conditions nest at most ${FORM_LIMITS.conditionDepth} deep.` });
  for (const { leaf, path: sub } of conditionLeaves(c)) {
    const at = [...path, ...sub];
    const index = indexOf.get(leaf.questionId);
    if (index === undefined) {
      issues.push({ path: [...at, 'questionId'], message: `There is no question "${leaf.questionId}".` });
      continue;
    }
    if (index > limit || (index === limit && !includeSelf)) {
      issues.push({ path: [...at, 'questionId'], message: `A condition may only look at an earlier question; "${leaf.questionId}" comes later.` });
      continue;
    }
    const problem = leafProblem(leaf, questions[index]!);
    if (problem) issues.push({ path: at, message: problem });
  }
  return issues;
}

function questionShapeIssues(q: TFormQuestion, path: Array<string | number>): TFormDefinitionIssue[] {
  const issues: TFormDefinitionIssue[] = [];
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const seen = new Set<string>();
    q.options.forEach((o, j) => {
      if (seen.has(o.id)) issues.push({ path: [...path, 'options', j, 'id'], message: `Option id "${o.id}" is used twice.` });
      seen.add(o.id);
    });
  }
  if (q.type === 'multiple_choice') {
    const { minSelections: min, maxSelections: max } = q;
    if (min !== undefined && max !== undefined && min > max) issues.push({ path: [...path, 'minSelections'], message: 'At least cannot be more than at most.' });
    if (min !== undefined && min > q.options.length) issues.push({ path: [...path, 'minSelections'], message: `Only ${q.options.length} options to choose from.` });
    if (max !== undefined && max > q.options.length) issues.push({ path: [...path, 'maxSelections'], message: `Only ${q.options.length} options to choose from.` });
  }
  if (q.type === 'number') {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) issues.push({ path: [...path, 'min'], message: 'The minimum is above the maximum.' });
    if (q.integer && q.step !== undefined && !Number.isInteger(q.step)) issues.push({ path: [...path, 'step'], message: 'A whole-number question needs a whole-number step.' });
    if (q.integer && q.min !== undefined && !Number.isInteger(q.min)) issues.push({ path: [...path, 'min'], message: 'A whole-number question needs a whole-number minimum.' });
  }
  return issues;
}

/**
 * Every rule of a definition beyond its shape. Empty means the form can be published. Because
 * conditions only look backwards, visibility is decided in one pass in question order and can
 * never go round in a circle.
 */
export function formDefinitionIssues(form: { kind: TFormKind; questions: readonly TFormQuestion[] }): TFormDefinitionIssue[] {
  const issues: TFormDefinitionIssue[] = [];
  const indexOf = new Map<string, number>();
  form.questions.forEach((q, i) => {
    if (indexOf.has(q.id)) issues.push({ path: ['questions', i, 'id'], message: `Question id "${q.id}" is used twice.` });
    else indexOf.set(q.id, i);
  });
  const allowed = FORM_KIND_EFFECTS[form.kind];
  form.questions.forEach((q, i) => {
    const path = ['questions', i];
    issues.push(...questionShapeIssues(q, path));
    if (q.visibleWhen) issues.push(...conditionIssues(q.visibleWhen, [...path, 'visibleWhen'], form.questions, indexOf, i, false));
    (q.outcomes ?? []).forEach((o, k) => {
      const at = [...path, 'outcomes', k];
      if (!allowed.includes(o.effect)) {
        const why = form.kind === 'start_of_day' ? 'a start-of-day check never blocks the day and may only alert the office' : `allowed: ${allowed.join(', ')}`;
        issues.push({ path: [...at, 'effect'], message: `A ${form.kind} form cannot use ${o.effect}: ${why}.` });
      }
      issues.push(...conditionIssues(o.when, [...at, 'when'], form.questions, indexOf, i, true));
      if (o.effect === 'require_photo') {
        const target = indexOf.get(o.photoQuestionId);
        const problem =
          target === undefined
            ? `There is no question "${o.photoQuestionId}".`
            : target <= i
              ? `The photo question "${o.photoQuestionId}" must come after the question that requires it.`
              : form.questions[target]!.type !== 'photo'
                ? `"${o.photoQuestionId}" is not a photo question.`
                : null;
        if (problem) issues.push({ path: [...at, 'photoQuestionId'], message: problem });
      }
    });
  });
  return issues;
}
