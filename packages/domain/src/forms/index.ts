/**
 * Configurable forms: definitions (versioned), answers, and the one evaluation of visibility,
 * validation and outcomes shared by the phone, the office preview and the server.
 */
export { FORM_LIMITS, ZFormSlug } from './limits.js';
export { ZFormCondition, ZFormConditionValue, evaluateFormCondition, type TFormCondition, type TFormConditionValue, type TFormConditionLookup } from './condition.js';
export {
  FORM_EFFECTS,
  FORM_KIND_EFFECTS,
  ZFormEffect,
  ZFormOutcome,
  ZFormOption,
  ZFormQuestion,
  ZFormDraft,
  ZFormDefinition,
  type TFormKind,
  type TFormEffect,
  type TFormOutcome,
  type TFormOption,
  type TFormQuestion,
  type TFormQuestionType,
  type TFormQuestionOf,
  type TFormDraft,
  type TFormDefinition,
} from './definition.js';
export { formDefinitionIssues, type TFormDefinitionIssue } from './definition-rules.js';
export {
  FORM_ANSWER_ERROR_CODES,
  ZFormAnswers,
  ZFormAnswerErrorCode,
  ZFormAnswerError,
  isAnswered,
  checkAnswerValue,
  formatAnswer,
  type TFormAnswerValue,
  type TFormAnswers,
  type TFormAnswerErrorCode,
  type TFormAnswerError,
  type TFormValueProblem,
} from './answers.js';
export {
  ZFormOutcomeHit,
  evaluateForm,
  visibleQuestions,
  outcomesOf,
  validateSubmission,
  questionState,
  emptyAnswers,
  type TFormAnswersInput,
  type TFormOutcomeHit,
  type TFormQuestionState,
  type TFormEvaluation,
  type TFormValidation,
} from './evaluate.js';
export { publishFormVersion, type TFormPublishResult } from './versions.js';
export { SEEDED_FORM_DEFINITIONS } from './seeded.js';
