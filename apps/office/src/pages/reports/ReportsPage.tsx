import { Button, Group, Loader, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { addDays } from '@fieldkeep/domain';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { REPORTS, reportCsvUrl, type TReportName } from '../../api/forms';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { todayInZone } from '../../format/dates';
import { ReportTable } from './ReportTable';

const REPORT_INFO: Record<TReportName, { label: string; about: string }> = {
  'start-of-day': { label: 'Start-of-day checks', about: 'Each engineer’s start-of-day answers by day, with the form version they answered and any alert they raised.' },
  'aborted-visits': { label: 'Aborted visits', about: 'Visits stopped on site, with the reason and the risk assessment answers that stopped them.' },
  'non-productive-time': { label: 'Non-productive time', about: 'Time away from jobs by activity type, engineer and ISO week, with total hours.' },
};

const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

/** Office reports: pick a date range, read the table, download the same rows as CSV. */
export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const today = todayInZone();
  const report: TReportName = REPORTS.find((r) => r === params.get('report')) ?? 'start-of-day';
  const from = isDate(params.get('from')) ? params.get('from')! : addDays(today, -6);
  const to = isDate(params.get('to')) ? params.get('to')! : today;
  const rangeOk = from <= to;
  const data = useLoad(() => (rangeOk ? api.report(report, from, to) : Promise.resolve(undefined)), [report, from, to, rangeOk], { keepPrevious: true });

  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const info = REPORT_INFO[report];

  return (
    <Stack>
      <Title order={1}>Reports</Title>
      <Tabs value={report} onChange={(v) => v && set({ report: v })} keepMounted={false}>
        <Tabs.List>
          {REPORTS.map((r) => (
            <Tabs.Tab key={r} value={r}>
              {REPORT_INFO[r].label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Text c="dimmed">{info.about}</Text>
      <Group align="flex-end" gap="sm">
        <TextInput type="date" label="From" value={from} onChange={(e) => isDate(e.currentTarget.value) && set({ from: e.currentTarget.value })} max={to} />
        <TextInput type="date" label="To" value={to} onChange={(e) => isDate(e.currentTarget.value) && set({ to: e.currentTarget.value })} min={from} error={rangeOk ? undefined : 'Must be on or after “From”.'} />
        <Button component="a" href={reportCsvUrl(report, from, to)} download variant="light" disabled={!rangeOk}>
          Download CSV
        </Button>
        {data.loading && <Loader size="sm" aria-label="Loading the report" />}
      </Group>
      <ErrorAlert error={data.error} title="Could not load the report. Check the dates and try again." />
      {data.data && <ReportTable caption={`${info.label}, ${from} to ${to}`} table={data.data} />}
    </Stack>
  );
}
