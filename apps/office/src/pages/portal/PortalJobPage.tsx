import { Anchor, Card, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { JobStatusBadge, VisitStatusBadge } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { useLoad } from '../../components/useLoad';
import { formatDateTime, formatDay, formatTimeRange } from '../../format/dates';
import { jobTypeLabel } from '../../format/labels';

/** A job as the client sees it: status, dates, visit times and the notes shared with them. */
export function PortalJobPage() {
  const { jobId = '' } = useParams();
  const detail = useLoad(() => api.getJob(jobId), [jobId]);
  if (!detail.data) {
    return (
      <Stack>
        <Title order={1}>Job</Title>
        {detail.error ? <ErrorAlert error={detail.error} title="Could not load this job. Go back to your jobs and choose it again." /> : <Loader aria-label="Loading the job" />}
      </Stack>
    );
  }
  const { job, visits, notes } = detail.data;
  return (
    <Stack>
      <Anchor component={Link} to="/">
        ← Your jobs
      </Anchor>
      <Title order={1}>Job {job.reference}</Title>
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Field label="Status">
            <JobStatusBadge status={job.status} />
          </Field>
          <Field label="Site">
            {job.siteName}, {job.sitePostcode}
          </Field>
          <Field label="Type of work">{jobTypeLabel(job.jobType)}</Field>
          <Field label="Target date">{formatDay(job.targetDate)}</Field>
          <Field label="Raised">{formatDateTime(job.createdAt)}</Field>
          <Field label="Last changed">{formatDateTime(job.updatedAt)}</Field>
        </SimpleGrid>
        <Text mt="md">{job.description}</Text>
      </Card>
      <Title order={2} fz="lg">
        Visits
      </Title>
      {visits.length === 0 ? (
        <Text c="dimmed">No visit booked yet.</Text>
      ) : (
        visits.map((v) => (
          <Paper key={v.id} withBorder p="sm">
            <Text>
              {formatTimeRange(v.startsAt, v.endsAt)} <VisitStatusBadge status={v.status} />
            </Text>
          </Paper>
        ))
      )}
      <Title order={2} fz="lg">
        Notes
      </Title>
      {notes.length === 0 ? (
        <Text c="dimmed">No notes shared with you yet.</Text>
      ) : (
        notes.map((n) => (
          <Paper key={n.id} withBorder p="sm">
            <Text size="sm" c="dimmed">
              {formatDateTime(n.at)}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Text>
          </Paper>
        ))
      )}
    </Stack>
  );
}
