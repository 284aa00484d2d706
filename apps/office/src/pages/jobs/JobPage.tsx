import { Alert, Anchor, Badge, Card, Grid, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { JOB_STATUS_LABELS, type TJobStatus } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { JobStatusBadge, PriorityBadge } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { WarningsPanel } from '../../components/WarningsPanel';
import { formatDateTime, formatDay } from '../../format/dates';
import { engineersText, jobTypeLabel } from '../../format/labels';
import { useIsReplica, useServerState } from '../../session/ServerStateContext';
import { jobIdOf } from '../replica/queueWords';
import { JobNotes } from './JobNotes';
import { JobStatusActions } from './JobStatusActions';
import { JobSubmissions } from './JobSubmissions';
import { JobVisits } from './JobVisits';

/** One job: what, where, the site's warnings (unmissable), its visits and notes. */
export function JobPage() {
  const { jobId = '' } = useParams();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const detail = useLoad(() => api.getJob(jobId), [jobId]);
  // On an office replica: what was queued about this job and is not back from the primary yet.
  const isReplica = useIsReplica();
  const { reload: reloadServerState } = useServerState();
  const queue = useLoad(() => (isReplica ? api.listReplicaQueue() : Promise.resolve({ items: [] })), [isReplica], { keepPrevious: true });
  const queued = (queue.data?.items ?? []).filter((i) => jobIdOf(i) === jobId);
  // Still to come: queued, or applied on the primary but not back here by replication yet.
  const waiting = queued.some((i) => i.state === 'queued' || (i.state === 'applied' && i.name === 'jobNote.add' && !detail.data?.notes.some((n) => n.id === (i.args as { id?: string }).id)));
  const { reload: reloadDetail } = detail;
  const { reload: reloadQueue } = queue;
  useEffect(() => {
    if (!waiting) return;
    // The replica pushes within seconds of the primary answering; the result comes back by replication.
    const t = setInterval(() => {
      reloadQueue();
      reloadDetail();
    }, 5000);
    return () => clearInterval(t);
  }, [waiting, reloadQueue, reloadDetail]);
  const extras = useLoad(async () => {
    const [e, a] = await Promise.all([api.listEngineers(), detail.data?.job.siteId ? api.listAssets(detail.data.job.siteId) : Promise.resolve({ assets: [] })]);
    return { engineers: e.engineers, assets: a.assets };
  }, [detail.data?.job.siteId]);

  if (!detail.data) {
    return (
      <Stack>
        <Title order={1}>Job</Title>
        {detail.error ? <ErrorAlert error={detail.error} title="Could not load this job. Check the link, or find the job in the jobs list." /> : <Loader aria-label="Loading the job" />}
      </Stack>
    );
  }
  const { job, visits, notes, warnings } = detail.data;
  // Older servers answer without these; treat them as none.
  const submissions = detail.data.submissions ?? [];
  const alerts = detail.data.alerts ?? [];
  const asset = extras.data?.assets.find((a) => a.id === job.assetId);
  const assetNames = Object.fromEntries((extras.data?.assets ?? []).map((a) => [a.id, [a.type, a.location].filter(Boolean).join(', ')]));
  const changed = (message: string) => {
    setNotice(message);
    detail.reload();
  };
  const queuedWork = (message?: string) => {
    if (message) setNotice(message);
    queue.reload();
    reloadServerState();
  };
  const statusChanges = queued.filter((i) => i.name === 'job.setStatus' && i.state !== 'applied');
  const statusWord = (args: unknown) => {
    const s = (args as { status?: string }).status;
    return s && s in JOB_STATUS_LABELS ? JOB_STATUS_LABELS[s as TJobStatus] : String(s);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1}>Job {job.reference}</Title>
            <JobStatusBadge status={job.status} />
            <PriorityBadge priority={job.priority} withWord />
          </Group>
          <Text size="lg">{job.description}</Text>
        </Stack>
        <JobStatusActions job={job} onChanged={(_, m) => changed(m)} onQueued={queuedWork} />
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      {statusChanges.map((i) =>
        i.state === 'queued' ? (
          <Alert key={i.id} color="yellow" variant="outline" title={`Status change queued: “${statusWord(i.args)}” (provisional)`}>
            Recorded {formatDateTime(i.createdAt)} on the replica; sent to the primary when it is back. <Anchor component={Link} to="/replica/queue">Queued work</Anchor>
          </Alert>
        ) : (
          <Alert key={i.id} color="red" variant="outline" title={`The primary refused the status change to “${statusWord(i.args)}”`}>
            {i.resultMessage}
          </Alert>
        ),
      )}
      <ErrorAlert error={detail.error} title="Could not refresh the job. The page shows what was loaded before." />
      {/* First, before anything else about the job: what anyone going there must know. */}
      <WarningsPanel warnings={warnings} assetNames={assetNames} emptyText="No live warnings at this site." />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="md">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                <Field label="Site">
                  <Anchor component={Link} to={`/sites/${job.siteId}`}>
                    {job.siteName}
                  </Anchor>
                  <Text size="sm">{job.sitePostcode}</Text>
                </Field>
                <Field label="Client">
                  <Anchor component={Link} to={`/clients/${job.clientId}`}>
                    {job.clientName}
                  </Anchor>
                </Field>
                <Field label="Asset">{job.assetId ? (asset ? [asset.type, asset.make, asset.model, asset.location].filter(Boolean).join(' · ') : 'Loading…') : 'None'}</Field>
                <Field label="Job type">{jobTypeLabel(job.jobType)}</Field>
                <Field label="Target date">{formatDay(job.targetDate)}</Field>
                <Field label="Required engineers">{engineersText(job.requiredEngineers)}</Field>
                <Field label="Required skills">
                  {job.requiredSkills.length ? (
                    <Group gap={4}>
                      {job.requiredSkills.map((s) => (
                        <Badge key={s} variant="outline" color="dark">
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  ) : (
                    'None'
                  )}
                </Field>
                <Field label="Raised">{formatDateTime(job.createdAt)}</Field>
                <Field label="Last changed">{formatDateTime(job.updatedAt)}</Field>
              </SimpleGrid>
            </Card>
            <JobVisits job={job} visits={visits} engineers={(extras.data?.engineers ?? []).map((e) => ({ id: e.id, name: e.name }))} submissions={submissions} onChanged={changed} />
            <JobSubmissions submissions={submissions} alerts={alerts} visits={visits} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <JobNotes
            jobId={job.id}
            jobReference={job.reference}
            notes={notes}
            onAdded={() => detail.reload()}
            queued={queued.filter((i) => i.name === 'jobNote.add')}
            onQueued={() => queuedWork()}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
