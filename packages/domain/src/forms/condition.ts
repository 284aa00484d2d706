import { z } from 'zod';
import { FORM_LIMITS, ZFormSlug } from './limits.js';

/**
 * A condition on answers: drives a question's visibility (`visibleWhen`) and its outcomes (`when`).
 * A leaf names one question; `all` / `any` combine. A leaf on an unanswered (or hidden, or invalid)
 * question is false whatever its operator — so `notEquals` needs an answer too: "show B when A is
 * not X" shows B only once A has been answered with something else.
 */
export type TFormConditionValue = boolean | number | string;
export type TFormCondition =
  | { op: 'equals'; questionId: string; value: TFormConditionValue }
  | { op: 'notEquals'; questionId: string; value: TFormConditionValue }
  | { op: 'in'; questionId: string; values: TFormConditionValue[] }
  | { op: 'includes'; questionId: string; optionId: string }
  | { op: 'answered'; questionId: string }
  | { op: 'all'; conditions: TFormCondition[] }
  | { op: 'any'; conditions: TFormCondition[] };

export const ZFormConditionValue = z.union([z.boolean(), z.number(), z.string().max(FORM_LIMITS.textAnswerChars)]);

const conditionList = () => z.array(z.lazy(() => ZFormCondition)).min(1).max(FORM_LIMITS.conditionsPerGroup);

export const ZFormCondition: z.ZodType<TFormCondition> = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('equals'), questionId: ZFormSlug, value: ZFormConditionValue }).strict(),
    z.object({ op: z.literal('notEquals'), questionId: ZFormSlug, value: ZFormConditionValue }).strict(),
    z.object({ op: z.literal('in'), questionId: ZFormSlug, values: z.array(ZFormConditionValue).min(1).max(FORM_LIMITS.conditionValues) }).strict(),
    z.object({ op: z.literal('includes'), questionId: ZFormSlug, optionId: ZFormSlug }).strict(),
    z.object({ op: z.literal('answered'), questionId: ZFormSlug }).strict(),
    z.object({ op: z.literal('all'), conditions: conditionList() }).strict(),
    z.object({ op: z.literal('any'), conditions: conditionList() }).strict(),
  ])
  .meta({ id: 'FormCondition' });

/** The value a condition sees for a question: undefined when it is unanswered, hidden or invalid. */
export type TFormConditionLookup = (questionId: string) => unknown;

export function evaluateFormCondition(c: TFormCondition, lookup: TFormConditionLookup): boolean {
  switch (c.op) {
    case 'all':
      return c.conditions.every((x) => evaluateFormCondition(x, lookup));
    case 'any':
      return c.conditions.some((x) => evaluateFormCondition(x, lookup));
    case 'answered':
      return lookup(c.questionId) !== undefined;
    case 'equals': {
      const v = lookup(c.questionId);
      return v !== undefined && v === c.value;
    }
    case 'notEquals': {
      const v = lookup(c.questionId);
      return v !== undefined && v !== c.value;
    }
    case 'in': {
      const v = lookup(c.questionId);
      return v !== undefined && c.values.some((x) => x === v);
    }
    case 'includes': {
      const v = lookup(c.questionId);
      return Array.isArray(v) && v.includes(c.optionId);
    }
  }
}

/** Every leaf of a condition, with its path below the condition (for definition errors). */
export function conditionLeaves(
  c: TFormCondition,
  path: ReadonlyArray<string | number> = [],
): Array<{ leaf: Exclude<TFormCondition, { op: 'all' | 'any' }>; path: Array<string | number> }> {
  if (c.op === 'all' || c.op === 'any') return c.conditions.flatMap((x, i) => conditionLeaves(x, [...path, 'conditions', i]));
  return [{ leaf: c, path: [...path] }];
}

/** Nesting depth: a leaf is 1, `all` of leaves is 2. */
export function conditionDepth(c: TFormCondition): number {
  if (c.op === 'all' || c.op === 'any') return 1 + Math.max(0, ...c.conditions.map(conditionDepth));
  return 1;
}
