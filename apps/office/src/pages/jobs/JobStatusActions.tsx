import { Button, Group } from '@mantine/core';
import { JOB_STATUS_LABELS, JOB_TRANSITIONS, type TJob, type TJobStatus } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { ReasonModal } from '../../components/ReasonModal';

/** The outcomes the office sets by hand; new, scheduled and in progress follow the job's visits. */
const MANUAL: ReadonlyArray<{ status: TJobStatus; label: string; danger?: boolean }> = [
  { status: 'completed', label: 'Mark completed' },
  { status: 'follow_on', label: 'Mark follow-on needed' },
  { status: 'aborted', label: 'Mark aborted', danger: true },
  { status: 'cancelled', label: 'Cancel job', danger: true },
];

export function JobStatusActions({ job, onChanged }: { job: TJob; onChanged: (job: TJob, message: string) => void }) {
  const [choice, setChoice] = useState<(typeof MANUAL)[number] | null>(null);
  const allowed = MANUAL.filter((m) => JOB_TRANSITIONS[job.status].includes(m.status));
  if (allowed.length === 0) return null;
  return (
    <>
      <Group gap="xs">
        {allowed.map((m) => (
          <Button key={m.status} size="xs" variant={m.danger ? 'outline' : 'light'} color={m.danger ? 'red' : undefined} onClick={() => setChoice(m)}>
            {m.label}
          </Button>
        ))}
      </Group>
      {choice && (
        <ReasonModal
          title={`${choice.label}: ${job.reference}`}
          intro={`The job’s status becomes “${JOB_STATUS_LABELS[choice.status]}”.${choice.status === 'cancelled' ? ' A cancelled job is closed for good.' : ''}`}
          reasonLabel="Note for the job (optional, office only)"
          confirmLabel={choice.label}
          danger={choice.danger}
          onClose={() => setChoice(null)}
          onConfirm={async (reason) => {
            const { job: next } = await api.updateJob(job.id, { status: choice.status });
            if (reason) await api.addJobNote(job.id, `${JOB_STATUS_LABELS[choice.status]}: ${reason}`, false);
            setChoice(null);
            onChanged(next, `${job.reference} is now “${JOB_STATUS_LABELS[choice.status]}”.`);
          }}
        />
      )}
    </>
  );
}
