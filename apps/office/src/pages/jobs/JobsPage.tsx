import { Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { isJobOpen, LIMITS, ZJobStatus, type TJob } from '@fieldkeep/domain';
import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { JobStatusBadge, PRIORITY_RANK, PriorityBadge, WarningCountBadge } from '../../components/badges';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDay } from '../../format/dates';
import { FILTER_KEYS, JobFilters, type JobFilterValues } from './JobFilters';

const PAGE_SIZE = LIMITS.pageSizeDefault;

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
  {
    key: 'site',
    header: 'Site',
    render: (j) => (
      <div>
        <Text size="sm">{j.siteName}</Text>
        <Text size="sm" c="dimmed">
          {j.sitePostcode}
        </Text>
      </div>
    ),
    sortValue: (j) => j.siteName,
  },
  { key: 'client', header: 'Client', render: (j) => j.clientName, sortValue: (j) => j.clientName },
  { key: 'description', header: 'Description', render: (j) => <Text size="sm" lineClamp={2} maw={320}>{j.description}</Text> },
  { key: 'priority', header: 'Priority', render: (j) => <PriorityBadge priority={j.priority} />, sortValue: (j) => PRIORITY_RANK[j.priority] },
  { key: 'status', header: 'Status', render: (j) => <JobStatusBadge status={j.status} />, sortValue: (j) => j.status },
  { key: 'target', header: 'Target date', render: (j) => formatDay(j.targetDate), sortValue: (j) => j.targetDate ?? '9999' },
  { key: 'warnings', header: 'Warnings', render: (j) => <WarningCountBadge count={j.liveWarningCount} />, sortValue: (j) => -j.liveWarningCount },
];

/** All jobs: filtered and searched by the server, a page at a time, most urgent first. */
export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as unknown as JobFilterValues,
    [params],
  );
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const onChange = useCallback(
    (patch: Partial<JobFilterValues>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setPage = (p: number) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('page', String(p));
      return next;
    });

  const lists = useLoad(async () => {
    const [c, s, e] = await Promise.all([api.listClients(), api.listSites({ limit: LIMITS.pageSizeMax }), api.listEngineers()]);
    return { clients: c.clients, sites: s.sites, engineers: e.engineers };
  }, []);

  const status = ZJobStatus.safeParse(values.status);
  const jobs = useLoad(
    () =>
      api.listJobs({
        ...(status.success ? { status: status.data } : {}),
        clientId: values.clientId || undefined,
        siteId: values.siteId || undefined,
        engineerId: values.engineerId || undefined,
        from: values.from || undefined,
        to: values.to || undefined,
        q: values.q || undefined,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
    [values, page],
    { keepPrevious: true },
  );
  const open = jobs.data?.jobs.filter((j) => isJobOpen(j.status)).length ?? 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Jobs</Title>
        <Button component={Link} to="/jobs/new">
          Raise job
        </Button>
      </Group>
      <ErrorAlert error={lists.error} title="Could not load the filter lists (clients, sites, engineers). Reload the page to try again." />
      <JobFilters values={values} onChange={onChange} clients={lists.data?.clients ?? []} sites={lists.data?.sites ?? []} engineers={lists.data?.engineers ?? []} />
      <ErrorAlert error={jobs.error} title="Could not load the jobs. Check the filters, then reload the page." />
      {jobs.data === undefined ? (
        !jobs.error && <Loader aria-label="Loading jobs" />
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Most urgent first (priority, then target date). {open} of the {jobs.data.jobs.length} shown {open === 1 ? 'is' : 'are'} open.
            {jobs.loading ? ' Updating…' : ''}
          </Text>
          <DataTable
            caption="Jobs"
            columns={columns}
            rows={jobs.data.jobs}
            rowKey={(j) => j.id}
            pageSize={PAGE_SIZE}
            minWidth={1100}
            serverPaging={{ page, total: jobs.data.total, onPageChange: setPage }}
            empty={FILTER_KEYS.some((k) => values[k]) ? 'No job matches these filters. Clear a filter to see more.' : 'No jobs yet. Raise the first one.'}
          />
        </>
      )}
    </Stack>
  );
}
