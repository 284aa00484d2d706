import type { TFormEffect, TFormKind, TFormQuestionType, TFormRuleCondition } from '@fieldkeep/domain';
import { jobTypeLabel } from '../../format/labels';

export const FORM_KIND_LABELS: Record<TFormKind, string> = {
  risk_assessment: 'Pre-visit risk assessment',
  health_safety: 'Health & safety check',
  start_of_day: 'Start-of-day check',
  job_completion: 'Job completion / inspection',
};

export const QUESTION_TYPE_LABELS: Record<TFormQuestionType, string> = {
  yes_no: 'Yes / no',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  text: 'Text',
  number: 'Number',
  date: 'Date',
  time: 'Time',
  datetime: 'Date and time',
  photo: 'Photo',
  signature: 'Signature',
};

export const EFFECT_LABELS: Record<TFormEffect, string> = {
  abort_visit: 'Abort the visit',
  alert_office: 'Alert the office',
  require_photo: 'Require a photo',
};

/** What an outcome does, for the job page and the preview ("Aborted by risk assessment"). */
export function effectLabel(effect: string): string {
  return effect in EFFECT_LABELS ? EFFECT_LABELS[effect as TFormEffect] : effect;
}

export function kindLabel(kind: string): string {
  return kind in FORM_KIND_LABELS ? FORM_KIND_LABELS[kind as TFormKind] : kind;
}

/** "Ask at every visit", "for job type …" — the rule's condition in words. */
export function formRuleWords(c: TFormRuleCondition, names: { client: (id: string) => string; warningType: (key: string) => string }): string {
  switch (c.kind) {
    case 'always':
      return 'Ask at every visit';
    case 'job_type':
      return `For job type “${jobTypeLabel(c.jobType)}”`;
    case 'client':
      return `For client “${names.client(c.clientId)}”`;
    case 'warning_type':
      return `When the site has warning “${names.warningType(c.warningTypeKey)}”`;
  }
}
