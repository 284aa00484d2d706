import { Badge, Button, Group, Menu, Stack, Table, Text, Title } from '@mantine/core';
import { isJobOpen, VISIT_STATUS_LABELS, VISIT_TRANSITIONS, type TJob, type TSubmissionView, type TVisit, type TVisitStatus } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { VisitStatusBadge } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ReasonModal } from '../../components/ReasonModal';
import { formatTime, formatTimeRange, todayInZone, toZonedParts } from '../../format/dates';
import { useIsReplica } from '../../session/ServerStateContext';
import { AllocationDialog } from '../dispatch/AllocationDialog';
import { DEFAULT_VISIT_MINUTES, type AllocationDraft } from '../dispatch/allocation';

interface Props {
  job: TJob;
  visits: TVisit[];
  engineers: Array<{ id: string; name: string }>;
  /** Forms answered on the job: a visit stopped by one shows "Aborted by risk assessment". */
  submissions?: TSubmissionView[];
  onChanged: (message: string) => void;
}

type Pending = { kind: 'allocate'; visit: TVisit | null; initial: AllocationDraft } | { kind: 'status'; visit: TVisit; status: TVisitStatus } | { kind: 'remove'; visit: TVisit } | null;

const STATUS_ACTIONS: Record<TVisitStatus, string> = {
  scheduled: 'Back to scheduled',
  travelling: 'Mark travelling',
  on_site: 'Mark on site',
  paused: 'Pause',
  completed: 'Mark completed',
  aborted: 'Abort visit',
};

/** The job's visits with allocate, reschedule, status and remove; every change goes through the rules. */
export function JobVisits({ job, visits, engineers, submissions = [], onChanged }: Props) {
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<unknown>(null);
  // The office replica cannot book or change visits: only notes, new jobs and job outcomes are queued.
  const readOnly = useIsReplica();
  const subject = { jobId: job.id, reference: job.reference, siteName: job.siteName, sitePostcode: job.sitePostcode, liveWarningCount: job.liveWarningCount };

  const draftOf = (v: TVisit): AllocationDraft => ({
    engineerIds: v.engineers.map((e) => e.id),
    ...toZonedParts(v.startsAt),
    minutes: Math.round((Date.parse(v.endsAt) - Date.parse(v.startsAt)) / 60_000),
  });
  const setStatus = async (v: TVisit, status: TVisitStatus, reason?: string) => {
    setError(null);
    await api.setVisitStatus(v.id, status, reason);
    setPending(null);
    onChanged(`The visit of ${formatTimeRange(v.startsAt, v.endsAt)} is now “${VISIT_STATUS_LABELS[status]}”.`);
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="visits-heading">
      <Group justify="space-between">
        <Title order={2} fz="lg" id="visits-heading">
          Visits
        </Title>
        {isJobOpen(job.status) && (
          <Button
            size="xs"
            disabled={readOnly}
            onClick={() => setPending({ kind: 'allocate', visit: null, initial: { engineerIds: [], date: todayInZone(), time: '09:00', minutes: DEFAULT_VISIT_MINUTES } })}
          >
            Allocate a visit
          </Button>
        )}
      </Group>
      {readOnly && (
        <Text size="sm" c="dimmed">
          Visits cannot be booked or changed on the office replica (read-only).
        </Text>
      )}
      <ErrorAlert error={error} />
      {visits.length === 0 ? (
        <Text c="dimmed">No visits booked. Allocate one here or on the dispatch board.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" aria-label="Visits">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Engineers</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visits.map((v) => {
                const next = VISIT_TRANSITIONS[v.status];
                const when = formatTimeRange(v.startsAt, v.endsAt);
                return (
                  <Table.Tr key={v.id}>
                    <Table.Td>{when}</Table.Td>
                    <Table.Td>
                      {v.engineers.length === 0
                        ? '—'
                        : v.engineers.map((e) => (
                            <div key={e.id}>
                              <Text size="sm">{e.name}</Text>
                              {(e.arrivedAt || e.departedAt) && (
                                <Text size="xs" c="dimmed">
                                  {e.arrivedAt ? `Arrived ${formatTime(e.arrivedAt)}` : 'No arrival recorded'}
                                  {e.departedAt ? ` · left ${formatTime(e.departedAt)}` : ''}
                                </Text>
                              )}
                            </div>
                          ))}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <VisitStatusBadge status={v.status} />
                        {submissions.some((s) => s.visitId === v.id && s.outcomes.some((o) => o.effect === 'abort_visit')) && (
                          <Badge color="red" variant="filled" fz="sm" style={{ maxWidth: 'none' }} leftSection={<span aria-hidden="true">✖</span>}>
                            Aborted by risk assessment
                          </Badge>
                        )}
                        {v.abortReason && <Text size="sm">Reason: {v.abortReason}</Text>}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        {v.status === 'scheduled' && (
                          <>
                            <Button size="compact-sm" variant="light" disabled={readOnly} onClick={() => setPending({ kind: 'allocate', visit: v, initial: draftOf(v) })} aria-label={`Allocate engineers to the visit of ${when}`}>
                              Allocate
                            </Button>
                            <Button size="compact-sm" variant="default" disabled={readOnly} onClick={() => setPending({ kind: 'allocate', visit: v, initial: draftOf(v) })} aria-label={`Reschedule the visit of ${when}`}>
                              Reschedule
                            </Button>
                          </>
                        )}
                        {next.length > 0 && (
                          <Menu position="bottom-end" withinPortal disabled={readOnly}>
                            <Menu.Target>
                              <Button size="compact-sm" variant="default" disabled={readOnly} aria-label={`Change status of the visit of ${when}`}>
                                Change status
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {next.map((s) => (
                                <Menu.Item
                                  key={s}
                                  color={s === 'aborted' ? 'red' : undefined}
                                  onClick={() => (s === 'aborted' ? setPending({ kind: 'status', visit: v, status: s }) : void setStatus(v, s).catch(setError))}
                                >
                                  {STATUS_ACTIONS[s]}
                                </Menu.Item>
                              ))}
                            </Menu.Dropdown>
                          </Menu>
                        )}
                        {v.status === 'scheduled' && (
                          <Button size="compact-sm" variant="subtle" color="red" disabled={readOnly} onClick={() => setPending({ kind: 'remove', visit: v })} aria-label={`Remove the visit of ${when}`}>
                            Remove
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pending?.kind === 'allocate' && (
        <AllocationDialog
          subject={{ ...subject, visitId: pending.visit?.id }}
          initial={pending.initial}
          engineers={engineers}
          onClose={() => setPending(null)}
          onSaved={(v) => {
            setPending(null);
            onChanged(`Visit saved: ${formatTimeRange(v.startsAt, v.endsAt)} with ${v.engineers.map((e) => e.name).join(' and ')}.`);
          }}
        />
      )}
      {pending?.kind === 'status' && (
        <ReasonModal
          title="Abort visit"
          intro={`The visit of ${formatTimeRange(pending.visit.startsAt, pending.visit.endsAt)} stops here. Say why, so the next visit can be planned.`}
          reasonLabel="Reason for aborting"
          required
          confirmLabel="Abort visit"
          danger
          onClose={() => setPending(null)}
          onConfirm={(reason) => setStatus(pending.visit, pending.status, reason)}
        />
      )}
      {pending?.kind === 'remove' && (
        <ReasonModal
          title="Remove visit"
          intro={`Take the visit of ${formatTimeRange(pending.visit.startsAt, pending.visit.endsAt)} off the board? The engineers will no longer see it.`}
          reasonLabel="Note for the job (optional)"
          confirmLabel="Remove visit"
          danger
          onClose={() => setPending(null)}
          onConfirm={async (reason) => {
            await api.removeVisit(pending.visit.id);
            if (reason) await api.addJobNote(job.id, `Visit removed: ${reason}`, false);
            setPending(null);
            onChanged('The visit is removed.');
          }}
        />
      )}
    </Stack>
  );
}
