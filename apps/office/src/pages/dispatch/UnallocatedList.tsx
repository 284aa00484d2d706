import { Anchor, Badge, Button, Group, Paper, ScrollArea, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TJob } from '@fieldkeep/domain';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { JobStatusBadge, PriorityBadge, WarningCountBadge } from '../../components/badges';
import { formatDay } from '../../format/dates';
import { engineersText } from '../../format/labels';
import { useBoardDnd } from './boardDnd';

interface Props {
  jobs: TJob[];
  onAllocate: (job: TJob) => void;
}

/** Open jobs with nothing booked, most urgent first: drag one onto an engineer, or press Allocate. */
export function UnallocatedList({ jobs, onAllocate }: Props) {
  const [filter, setFilter] = useState('');
  const q = filter.trim().toLowerCase();
  const shown = q
    ? jobs.filter((j) => [j.reference, j.siteName, j.sitePostcode, j.clientName, j.description].some((f) => f.toLowerCase().includes(q)))
    : jobs;
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="unallocated-heading" h="100%">
      <Stack gap="xs" h="100%">
        <Group justify="space-between">
          <Title order={2} fz="lg" id="unallocated-heading">
            Unallocated jobs
          </Title>
          <Badge variant="light">{jobs.length}</Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Most urgent first. Drag a job onto an engineer’s row, or press Allocate.
        </Text>
        <TextInput label="Filter unallocated jobs" placeholder="Reference, site, postcode" size="xs" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
        <ScrollArea style={{ flex: 1, minHeight: 0 }} type="auto" offsetScrollbars>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Unallocated jobs">
            {shown.map((j) => (
              <JobCard key={j.id} job={j} onAllocate={onAllocate} />
            ))}
            {shown.length === 0 && (
              <Text size="sm" c="dimmed" component="li">
                {q ? 'No unallocated job matches.' : 'Every open job has a visit booked.'}
              </Text>
            )}
          </Stack>
        </ScrollArea>
      </Stack>
    </Paper>
  );
}

function JobCard({ job: j, onAllocate }: { job: TJob; onAllocate: (job: TJob) => void }) {
  const dnd = useBoardDnd();
  return (
    <Paper
      component="li"
      withBorder
      p="xs"
      radius="sm"
      draggable
      onDragStart={(e) => dnd.begin({ kind: 'job', jobId: j.id }, e)}
      onDragEnd={dnd.end}
      aria-label={`${j.reference}, ${j.siteName}, ${j.sitePostcode}`}
      style={{ cursor: 'grab', borderLeft: j.liveWarningCount ? '4px solid var(--mantine-color-red-7)' : undefined }}
    >
      <Stack gap={4}>
        <Group gap={6} justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={`/jobs/${j.id}`} fw={700} size="sm" draggable={false}>
            {j.reference}
          </Anchor>
          <PriorityBadge priority={j.priority} withWord />
        </Group>
        <Text size="sm" lh={1.3}>
          {j.siteName}, {j.sitePostcode}
        </Text>
        <Text size="xs" c="dimmed" lineClamp={2}>
          {j.description}
        </Text>
        <Group gap={6}>
          <WarningCountBadge count={j.liveWarningCount} size="sm" />
          {j.status !== 'new' && <JobStatusBadge status={j.status} />}
          {j.requiredEngineers > 1 && <Badge variant="outline" color="dark">Needs {engineersText(j.requiredEngineers)}</Badge>}
          {j.targetDate && <Text size="xs">Target {formatDay(j.targetDate, false)}</Text>}
        </Group>
        <Button size="compact-sm" variant="light" onClick={() => onAllocate(j)} aria-label={`Allocate ${j.reference}`}>
          Allocate
        </Button>
      </Stack>
    </Paper>
  );
}
