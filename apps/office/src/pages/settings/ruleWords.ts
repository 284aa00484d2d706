import type { TRuleCondition, TRuleOutcome, TWarningType } from '@fieldkeep/domain';
import { PRIORITY_LABELS } from '../../components/badges';
import { engineersText, jobTypeLabel } from '../../format/labels';

/** A rule's condition in plain words. */
export function conditionWords(c: TRuleCondition, types: TWarningType[]): string {
  switch (c.kind) {
    case 'warning_type': {
      const t = types.find((x) => x.key === c.warningTypeKey);
      return `a site has “${t?.name ?? c.warningTypeKey}”${t && !t.active ? ' (a retired type)' : ''}`;
    }
    case 'job_type':
      return `the job type is “${jobTypeLabel(c.jobType)}”`;
    case 'priority':
      return `the job’s priority is ${PRIORITY_LABELS[c.priority].toLowerCase()}`;
    case 'missing_skill':
      return 'no allocated engineer has a skill the job needs';
    case 'engineer_full':
      return 'an engineer is already full that day';
  }
}

/** A rule's outcome in plain words. */
export function outcomeWords(o: TRuleOutcome): string {
  switch (o.kind) {
    case 'block':
      return 'block the allocation';
    case 'require_engineers':
      return `require ${engineersText(o.count)}`;
    case 'warn':
      return 'warn: the planner must acknowledge';
  }
}

export const ruleSentence = (c: TRuleCondition, o: TRuleOutcome, types: TWarningType[]) => `When ${conditionWords(c, types)} → ${outcomeWords(o)}`;

export const CONDITION_KINDS: ReadonlyArray<{ value: TRuleCondition['kind']; label: string }> = [
  { value: 'warning_type', label: 'The site has a warning of a type' },
  { value: 'job_type', label: 'The job is of a type' },
  { value: 'priority', label: 'The job has a priority' },
  { value: 'missing_skill', label: 'No allocated engineer has a required skill' },
  { value: 'engineer_full', label: 'An engineer is already full that day' },
];

export const OUTCOME_KINDS: ReadonlyArray<{ value: TRuleOutcome['kind']; label: string }> = [
  { value: 'require_engineers', label: 'Require at least N engineers' },
  { value: 'warn', label: 'Warn: the planner must acknowledge' },
  { value: 'block', label: 'Block the allocation' },
];
