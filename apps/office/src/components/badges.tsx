import { Badge, type BadgeProps, type MantineColor } from '@mantine/core';
import { JOB_STATUS_LABELS, VISIT_STATUS_LABELS, type TJobPriority, type TJobStatus, type TSeverity, type TVisitStatus } from '@fieldkeep/domain';

// Every badge says its meaning in words; colour only helps the eye (never the only signal).
// Sentence case and no truncation: a badge is read, not skimmed.
const readable: Partial<BadgeProps> = { fz: 'sm', style: { maxWidth: 'none', flexShrink: 0 }, styles: { label: { overflow: 'visible' } } };

const JOB_STATUS_COLORS: Record<TJobStatus, MantineColor> = {
  new: 'blue',
  scheduled: 'indigo',
  in_progress: 'teal',
  completed: 'green',
  follow_on: 'orange',
  aborted: 'red',
  cancelled: 'gray',
};

export function JobStatusBadge({ status }: { status: TJobStatus }) {
  return (
    <Badge {...readable} color={JOB_STATUS_COLORS[status]} variant="light" data-status={status}>
      {JOB_STATUS_LABELS[status]}
    </Badge>
  );
}

const VISIT_STATUS_COLORS: Record<TVisitStatus, MantineColor> = {
  scheduled: 'indigo',
  travelling: 'cyan',
  on_site: 'teal',
  paused: 'yellow',
  completed: 'green',
  aborted: 'red',
};

export function VisitStatusBadge({ status }: { status: TVisitStatus }) {
  return (
    <Badge {...readable} color={VISIT_STATUS_COLORS[status]} variant="light">
      {VISIT_STATUS_LABELS[status]}
    </Badge>
  );
}

export const PRIORITY_LABELS: Record<TJobPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', emergency: 'Emergency' };
const PRIORITY_COLORS: Record<TJobPriority, MantineColor> = { low: 'gray', normal: 'blue', high: 'orange', emergency: 'red' };
export const PRIORITY_RANK: Record<TJobPriority, number> = { emergency: 0, high: 1, normal: 2, low: 3 };

/** "Emergency" in a Priority column; `withWord` adds "priority" where nothing else says what it is. */
export function PriorityBadge({ priority, withWord }: { priority: TJobPriority; withWord?: boolean }) {
  return (
    <Badge {...readable} color={PRIORITY_COLORS[priority]} variant={priority === 'emergency' ? 'filled' : 'outline'}>
      {PRIORITY_LABELS[priority]}
      {withWord ? ' priority' : ''}
    </Badge>
  );
}

export const SEVERITY_LABELS: Record<TSeverity, string> = { danger: 'Danger', caution: 'Caution', info: 'Information' };
export const SEVERITY_COLORS: Record<TSeverity, MantineColor> = { danger: 'red', caution: 'orange', info: 'blue' };

export function SeverityBadge({ severity }: { severity: TSeverity }) {
  return (
    <Badge {...readable} color={SEVERITY_COLORS[severity]} variant={severity === 'danger' ? 'filled' : 'light'}>
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

export const warningsText = (n: number) => (n === 1 ? '1 warning' : `${n} warnings`);

/** "2 warnings" in red; nothing when there are none (an empty cell reads as "no warnings"). */
export function WarningCountBadge({ count, size }: { count: number; size?: 'xs' | 'sm' | 'md' }) {
  if (count <= 0) return null;
  return (
    <Badge {...readable} fz={size === 'xs' ? 'xs' : 'sm'} color="red" variant="filled" size={size} leftSection={<span aria-hidden="true">⚠</span>}>
      {warningsText(count)}
    </Badge>
  );
}
