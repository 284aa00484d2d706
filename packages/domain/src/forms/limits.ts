import { z } from 'zod';

/** Every limit on a form definition and its answers, in one place: the builder, phone and server agree. */
export const FORM_LIMITS = {
  questions: 100,
  options: 50,
  outcomesPerQuestion: 10,
  /** `all` / `any` nesting: a leaf is depth 1. */
  conditionDepth: 4,
  conditionsPerGroup: 20,
  /** Values in one `in` condition. */
  conditionValues: 50,
  slugChars: 60,
  nameChars: 200,
  questionTextChars: 500,
  helpChars: 2000,
  optionLabelChars: 200,
  messageChars: 500,
  unitChars: 20,
  /** Longest text answer; a text question's own `maxLength` may only be shorter. */
  textAnswerChars: 10_000,
  /** Photos one photo question may hold; a question's own `maxPhotos` may only be lower. */
  photosPerQuestion: 10,
} as const;

/** Question and option ids: stable across versions, so reports can follow an answer from version to version. */
export const ZFormSlug = z
  .string()
  .max(FORM_LIMITS.slugChars)
  .regex(/^[a-z][a-z0-9_]*$/, 'a lower-case slug: a letter, then letters, digits or _');
