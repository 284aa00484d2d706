import { Button, Group } from '@mantine/core';
import { JOB_STATUS_LABELS, JOB_TRANSITIONS, type JOB_OFFICE_STATUSES, type TJob } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { ReasonModal } from '../../components/ReasonModal';
import { QUEUED_MESSAGE, useIsReplica } from '../../session/ServerStateContext';

/** The outcomes the office sets by hand; new, scheduled and in progress follow the job's visits. */
const MANUAL: ReadonlyArray<{ status: (typeof JOB_OFFICE_STATUSES)[number]; label: string; danger?: boolean }> = [
  { status: 'completed', label: 'Mark completed' },
  { status: 'follow_on', label: 'Mark follow-on needed' },
  { status: 'aborted', label: 'Mark aborted', danger: true },
  { status: 'cancelled', label: 'Cancel job', danger: true },
];

/**
 * The job's outcome buttons. On an office replica the change is queued as `job.setStatus` for the
 * primary, which may refuse it if the job moved on meanwhile (shown on the Queued work page).
 */
export function JobStatusActions({ job, onChanged, onQueued }: { job: TJob; onChanged: (job: TJob, message: string) => void; onQueued?: (message: string) => void }) {
  const isReplica = useIsReplica();
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
          intro={
            `The job’s status becomes “${JOB_STATUS_LABELS[choice.status]}”.${choice.status === 'cancelled' ? ' A cancelled job is closed for good.' : ''}` +
            (isReplica ? ' On the replica this is queued and sent to the primary when it is back; the primary refuses it if the job has moved on meanwhile.' : '')
          }
          reasonLabel="Note for the job (optional, office only)"
          confirmLabel={isReplica ? `Queue: ${choice.label.toLowerCase()}` : choice.label}
          danger={choice.danger}
          onClose={() => setChoice(null)}
          onConfirm={async (reason) => {
            if (isReplica) {
              await api.queueWork(
                'job.setStatus',
                { jobId: job.id, status: choice.status, at: new Date().toISOString(), ...(reason ? { reason } : {}) },
                `${JOB_STATUS_LABELS[choice.status]}: ${job.reference}${reason ? ` — ${reason.slice(0, 120)}` : ''}`,
              );
              setChoice(null);
              (onQueued ?? ((m: string) => onChanged(job, m)))(`${job.reference} → “${JOB_STATUS_LABELS[choice.status]}”: ${QUEUED_MESSAGE}`);
              return;
            }
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
