import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { TReplicaQueueItem } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../api/client';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { formatDateTime } from '../../format/dates';
import { useServerState } from '../../session/ServerStateContext';
import { jobIdOf, QUEUE_KIND_LABELS, QueueStateBadge } from './queueWords';

/** While anything is still queued, the list asks again this often (the replica pushes within seconds of the primary answering). */
const REFRESH_MS = 5_000;

const columns: Column<TReplicaQueueItem>[] = [
  { key: 'recorded', header: 'Recorded', render: (i) => formatDateTime(i.createdAt), sortValue: (i) => i.createdAt },
  { key: 'kind', header: 'Kind', render: (i) => QUEUE_KIND_LABELS[i.name] ?? i.name, sortValue: (i) => QUEUE_KIND_LABELS[i.name] ?? i.name },
  {
    key: 'what',
    header: 'What',
    render: (i) => {
      const jobId = jobIdOf(i);
      return (
        <Stack gap={2}>
          <Text size="sm">{i.summary}</Text>
          {i.name === 'job.create' && i.state !== 'applied' && (
            <Text size="xs" c="dimmed">
              Number: provisional — the primary gives it
            </Text>
          )}
          {jobId && (i.name !== 'job.create' || i.state === 'applied') && (
            <Anchor component={Link} to={`/jobs/${jobId}`} size="sm">
              Open the job
            </Anchor>
          )}
        </Stack>
      );
    },
  },
  { key: 'state', header: 'State', render: (i) => <QueueStateBadge state={i.state} />, sortValue: (i) => i.state },
  {
    key: 'result',
    header: 'Result',
    render: (i) =>
      i.state === 'rejected' ? (
        <Text size="sm" c="red.8">
          {i.resultMessage} {i.resultCode ? <Text span size="xs" c="dimmed">({i.resultCode})</Text> : null}
        </Text>
      ) : i.state === 'applied' ? (
        <Text size="sm">Sent {formatDateTime(i.sentAt)}</Text>
      ) : (
        <Text size="sm" c="dimmed">
          Waiting for the primary
        </Text>
      ),
  },
];

/** Office work recorded on the replica during an outage, and what the primary made of it. */
export function QueuedWorkPage() {
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const { state, reload: reloadState } = useServerState();
  const queue = useLoad(() => api.listReplicaQueue(), [], { keepPrevious: true });
  const items = queue.data?.items ?? [];
  const waiting = items.some((i) => i.state === 'queued');

  useEffect(() => {
    if (!waiting) return;
    const t = setInterval(() => {
      queue.reload();
      reloadState();
    }, REFRESH_MS);
    return () => clearInterval(t);
  }, [waiting, queue.reload, reloadState]);

  const counts = { queued: 0, applied: 0, rejected: 0 };
  for (const i of items) counts[i.state]++;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>Queued work</Title>
        <Button variant="default" size="xs" onClick={queue.reload} loading={queue.loading && !!queue.data}>
          Refresh
        </Button>
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      {state && state.role !== 'replica' ? (
        <Alert color="blue" title="This is the primary">
          Work is saved directly here; nothing is queued. Queued work belongs to an office replica.
        </Alert>
      ) : (
        <Text c="dimmed">
          Notes, new jobs and status changes recorded on this replica. They are sent to the primary as soon as it answers, where the usual rules decide: a change the primary refuses
          (the job moved on meanwhile, say) is shown here with the reason — it is never merged silently. Until then numbers and statuses are provisional.
        </Text>
      )}
      <ErrorAlert error={queue.error} title="Could not load the queue" />
      {!queue.data && !queue.error ? (
        <Loader aria-label="Loading queued work" />
      ) : (
        <>
          <Text size="sm" data-testid="queue-counts">
            {counts.queued} queued · {counts.applied} applied · {counts.rejected} rejected
          </Text>
          <DataTable
            caption="Queued work"
            columns={columns}
            rows={items}
            rowKey={(i) => i.id}
            empty="Nothing has been queued on this replica."
            initialSort={{ key: 'recorded', direction: 'desc' }}
          />
        </>
      )}
    </Stack>
  );
}
