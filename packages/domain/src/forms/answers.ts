import { z } from 'zod';
import { ZSha256 } from '../sync.js';
import type { TFormQuestion } from './definition.js';
import { FORM_LIMITS, ZFormSlug } from './limits.js';

/**
 * Answers are keyed by question id. The value for each question type:
 *
 * | type            | value                                                      |
 * |-----------------|------------------------------------------------------------|
 * | yes_no          | `true` (yes) or `false` (no) — a boolean, never "yes"/"no"  |
 * | single_choice   | the chosen option's id                                     |
 * | multiple_choice | the chosen option ids (any order, no repeats)              |
 * | text            | the text, at most the question's maxLength                 |
 * | number          | a finite number within min/max, on the step, whole if integer |
 * | date            | `YYYY-MM-DD` (the engineer's own calendar day, no zone)    |
 * | time            | `HH:MM` or `HH:MM:SS` (local, no zone)                     |
 * | datetime        | ISO 8601 with an offset (`…Z` or `…+01:00`)                |
 * | photo           | SHA-256s of uploaded blobs (one or more, no repeats)       |
 * | signature       | the SHA-256 of the uploaded signature image                |
 *
 * `null`, a missing key, a blank string and an empty list all mean "not answered", so a renderer
 * can keep `null` for a cleared field.
 */
export type TFormAnswerValue = boolean | number | string | string[];
export type TFormAnswers = Record<string, TFormAnswerValue>;

/** The shape of an accepted answer set (the per-question checks are `validateSubmission`'s). */
export const ZFormAnswers = z
  .record(ZFormSlug, z.union([z.boolean(), z.number(), z.string().max(FORM_LIMITS.textAnswerChars), z.array(z.string()).max(FORM_LIMITS.options)]))
  .meta({ id: 'FormAnswers' });

export const FORM_ANSWER_ERROR_CODES = [
  'unknown_question',
  'required',
  'photo_required',
  'wrong_type',
  'unknown_option',
  'duplicate_option',
  'too_few_selections',
  'too_many_selections',
  'too_long',
  'out_of_range',
  'not_integer',
  'off_step',
  'invalid_date',
  'invalid_time',
  'invalid_datetime',
  'invalid_blob',
  'duplicate_blob',
  'too_many_photos',
] as const;
export const ZFormAnswerErrorCode = z.enum(FORM_ANSWER_ERROR_CODES);
export type TFormAnswerErrorCode = z.infer<typeof ZFormAnswerErrorCode>;

export const ZFormAnswerError = z
  .object({ questionId: z.string(), code: ZFormAnswerErrorCode, message: z.string() })
  .meta({ id: 'FormAnswerError' });
export type TFormAnswerError = z.infer<typeof ZFormAnswerError>;
export type TFormValueProblem = Omit<TFormAnswerError, 'questionId'>;

/** Whether a value counts as an answer (see TFormAnswerValue for what does not). */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const isoDate = z.iso.date();
const isoTime = z.iso.time();
const isoDatetime = z.iso.datetime({ offset: true });
const problem = (code: TFormAnswerErrorCode, message: string): TFormValueProblem => ({ code, message });
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Whether `n` is `base + k × step` for a whole k, allowing for binary rounding of decimal steps. */
function onStep(n: number, base: number, step: number): boolean {
  const k = (n - base) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
}

function numberProblem(q: Extract<TFormQuestion, { type: 'number' }>, v: unknown): TFormValueProblem | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return problem('wrong_type', 'Enter a number.');
  if ((q.min !== undefined && v < q.min) || (q.max !== undefined && v > q.max)) {
    const range = q.min !== undefined && q.max !== undefined ? `between ${q.min} and ${q.max}` : q.min !== undefined ? `at least ${q.min}` : `at most ${q.max}`;
    return problem('out_of_range', `Enter a number ${range}.`);
  }
  if (q.integer && !Number.isInteger(v)) return problem('not_integer', 'Enter a whole number.');
  if (q.step !== undefined && !onStep(v, q.min ?? 0, q.step)) return problem('off_step', `Enter a number in steps of ${q.step}.`);
  return null;
}

function blobsProblem(hashes: readonly string[], max: number): TFormValueProblem | null {
  if (!hashes.every((h) => ZSha256.safeParse(h).success)) return problem('invalid_blob', 'A photo is not an uploaded file (SHA-256 expected).');
  if (new Set(hashes).size !== hashes.length) return problem('duplicate_blob', 'The same photo is attached twice.');
  if (hashes.length > max) return problem('too_many_photos', `Attach at most ${max} photos.`);
  return null;
}

/** What is wrong with an answer (one that `isAnswered`) to a question, or null if it is valid. */
export function checkAnswerValue(q: TFormQuestion, v: unknown): TFormValueProblem | null {
  switch (q.type) {
    case 'yes_no':
      return typeof v === 'boolean' ? null : problem('wrong_type', 'Answer yes or no.');
    case 'single_choice':
      if (typeof v !== 'string') return problem('wrong_type', 'Choose one option.');
      return q.options.some((o) => o.id === v) ? null : problem('unknown_option', `"${v}" is not one of the options.`);
    case 'multiple_choice': {
      if (!isStringArray(v)) return problem('wrong_type', 'Choose options from the list.');
      const unknown = v.find((id) => !q.options.some((o) => o.id === id));
      if (unknown !== undefined) return problem('unknown_option', `"${unknown}" is not one of the options.`);
      if (new Set(v).size !== v.length) return problem('duplicate_option', 'An option is chosen twice.');
      if (q.minSelections !== undefined && v.length < q.minSelections) return problem('too_few_selections', `Choose at least ${q.minSelections}.`);
      if (q.maxSelections !== undefined && v.length > q.maxSelections) return problem('too_many_selections', `Choose at most ${q.maxSelections}.`);
      return null;
    }
    case 'text': {
      if (typeof v !== 'string') return problem('wrong_type', 'Enter text.');
      const max = q.maxLength ?? FORM_LIMITS.textAnswerChars;
      return v.length > max ? problem('too_long', `At most ${max} characters.`) : null;
    }
    case 'number':
      return numberProblem(q, v);
    case 'date':
      return typeof v === 'string' && isoDate.safeParse(v).success ? null : problem('invalid_date', 'Enter a date as YYYY-MM-DD.');
    case 'time':
      return typeof v === 'string' && isoTime.safeParse(v).success ? null : problem('invalid_time', 'Enter a time as HH:MM.');
    case 'datetime':
      return typeof v === 'string' && isoDatetime.safeParse(v).success ? null : problem('invalid_datetime', 'Enter a date and time with its offset.');
    case 'photo':
      if (!isStringArray(v)) return problem('wrong_type', 'Attach photos.');
      return blobsProblem(v, q.maxPhotos ?? FORM_LIMITS.photosPerQuestion);
    case 'signature':
      if (typeof v !== 'string') return problem('wrong_type', 'Sign here.');
      return ZSha256.safeParse(v).success ? null : problem('invalid_blob', 'The signature is not an uploaded file (SHA-256 expected).');
  }
}

/** An accepted answer as a person reads it (office job page, CSV reports). */
export function formatAnswer(q: TFormQuestion, v: TFormAnswerValue): string {
  const label = (id: string) => (q.type === 'single_choice' || q.type === 'multiple_choice' ? (q.options.find((o) => o.id === id)?.label ?? id) : id);
  switch (q.type) {
    case 'yes_no':
      return v === true ? 'Yes' : 'No';
    case 'single_choice':
      return label(String(v));
    case 'multiple_choice':
      return (Array.isArray(v) ? v : [String(v)]).map(label).join('; ');
    case 'number':
      return q.unit ? `${String(v)} ${q.unit}` : String(v);
    case 'photo': {
      const n = Array.isArray(v) ? v.length : 1;
      return n === 1 ? '1 photo' : `${n} photos`;
    }
    case 'signature':
      return 'Signed';
    case 'text':
    case 'date':
    case 'time':
    case 'datetime':
      return String(v);
  }
}
