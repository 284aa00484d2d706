import { Badge } from '@mantine/core';
import type { TReplicaQueueItem } from '@fieldkeep/domain';

/** What each kind of queued work is, in words. */
export const QUEUE_KIND_LABELS: Record<string, string> = {
  'jobNote.add': 'Note',
  'job.create': 'New job',
  'job.setStatus': 'Job status',
  'visit.setStatus': 'Visit status',
};

const STATES: Record<TReplicaQueueItem['state'], { label: string; color: string }> = {
  queued: { label: 'Queued (provisional)', color: 'yellow' },
  applied: { label: 'Applied on the primary', color: 'teal' },
  rejected: { label: 'Rejected by the primary', color: 'red' },
};

/** The state in words (never colour alone). */
export function QueueStateBadge({ state }: { state: TReplicaQueueItem['state'] }) {
  const s = STATES[state];
  return (
    <Badge color={s.color} variant={state === 'queued' ? 'outline' : 'light'} style={{ maxWidth: 'none' }}>
      {s.label}
    </Badge>
  );
}

/** The job a queued item is about (a new job's own id), if any. */
export function jobIdOf(item: TReplicaQueueItem): string | undefined {
  const a = (item.args ?? {}) as { id?: unknown; jobId?: unknown };
  const id = item.name === 'job.create' ? a.id : a.jobId;
  return typeof id === 'string' ? id : undefined;
}
