import { Anchor, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { JOB_STATUS_LABELS, JOB_STATUSES, LIMITS, ZJobStatus, type TJob } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { JobStatusBadge } from '../../components/badges';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDateTime, formatDay } from '../../format/dates';
import { addressLine } from '../../format/labels';
import { useUser } from '../../session/SessionContext';

const columns: Column<TJob>[] = [
  {
    key: 'reference',
    header: 'Reference',
    render: (j) => (
      <Anchor component={Link} to={`/jobs/${j.id}`} fw={700}>
        {j.reference}
      </Anchor>
    ),
    sortValue: (j) => j.number,
  },
  { key: 'site', header: 'Site', render: (j) => `${j.siteName}, ${j.sitePostcode}`, sortValue: (j) => j.siteName },
  { key: 'description', header: 'Work', render: (j) => <Text size="sm" lineClamp={2}>{j.description}</Text> },
  { key: 'status', header: 'Status', render: (j) => <JobStatusBadge status={j.status} />, sortValue: (j) => j.status },
  { key: 'target', header: 'Target date', render: (j) => formatDay(j.targetDate), sortValue: (j) => j.targetDate ?? '9999' },
  { key: 'raised', header: 'Raised', render: (j) => formatDateTime(j.createdAt), sortValue: (j) => j.createdAt },
];

/** The client portal: the organisation's own jobs and sites (the server shows nothing else). */
export function PortalHome() {
  const user = useUser();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);
  const parsed = ZJobStatus.safeParse(status);
  const jobs = useLoad(() => api.listJobs({ q: q || undefined, ...(parsed.success ? { status: parsed.data } : {}), limit: LIMITS.pageSizeMax }), [q, status], {
    keepPrevious: true,
  });
  const sites = useLoad(() => api.listSites({ limit: LIMITS.pageSizeMax }).then((r) => r.sites), []);

  return (
    <Stack>
      <Title order={1}>{user.clientName ? `${user.clientName} portal` : 'Client portal'}</Title>
      <Text>
        The work {user.tenantName} is doing for you: each job’s status and dates, and notes shared with you.
      </Text>
      <Title order={2} fz="lg">
        Your jobs
      </Title>
      <Group align="flex-end">
        <TextInput label="Search your jobs" type="search" placeholder="Reference, description, site or postcode" value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={380} />
        <NativeSelect label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)} data={[{ value: '', label: 'Any status' }, ...JOB_STATUSES.map((s) => ({ value: s, label: JOB_STATUS_LABELS[s] }))]} maw={220} />
      </Group>
      <ErrorAlert error={jobs.error} title="Could not load your jobs. Reload the page in a moment." />
      {!jobs.data ? (
        !jobs.error && <Loader aria-label="Loading your jobs" />
      ) : (
        <DataTable caption="Your jobs" columns={columns} rows={jobs.data.jobs} rowKey={(j) => j.id} empty={q || status ? 'No job matches.' : 'No jobs yet.'} minWidth={800} />
      )}
      <Title order={2} fz="lg">
        Your sites
      </Title>
      <ErrorAlert error={sites.error} title="Could not load your sites. Reload the page in a moment." />
      {sites.data && (
        <Table striped aria-label="Your sites">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Site</Table.Th>
              <Table.Th>Address</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sites.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>{addressLine(s)}</Table.Td>
              </Table.Tr>
            ))}
            {sites.data.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={2}>No sites recorded yet.</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
