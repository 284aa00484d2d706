import { Button, Group, Loader, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import type { TReportTable } from '../../api/forms';
import { query, request } from '../../api/http';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { todayInZone } from '../../format/dates';
import { ReportTable } from './ReportTable';

const isMonth = (s: string | null): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
const monthsBack = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};

const licences = (from: string, to: string) => request<TReportTable>('GET', `/api/reports/licences${query({ from, to })}`);
const licenceUsers = (month: string) => request<TReportTable>('GET', `/api/reports/licences/users${query({ month })}`);

/**
 * Licences: how many people used Fieldkeep each month, by licence (engineers, office staff, client
 * portal users) — signed in, used the apps or synced a phone that month — and who they were.
 */
export function LicencesPage() {
  const [params, setParams] = useSearchParams();
  const thisMonth = todayInZone().slice(0, 7);
  const to = isMonth(params.get('to')) ? params.get('to')! : thisMonth;
  const from = isMonth(params.get('from')) ? params.get('from')! : monthsBack(to, 5);
  const rangeOk = from <= to;
  const month = isMonth(params.get('month')) ? params.get('month')! : to;
  const table = useLoad(() => (rangeOk ? licences(from, to) : Promise.resolve(undefined)), [from, to, rangeOk], { keepPrevious: true });
  const people = useLoad(() => licenceUsers(month), [month], { keepPrevious: true });
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    setParams(next, { replace: true });
  };
  const months = table.data?.rows.map((r) => r[0]!).reverse() ?? [month];

  return (
    <Stack>
      <Title order={1}>Licences</Title>
      <Text c="dimmed" maw={860}>
        Active users per month by licence. Someone counts in a month when they signed in, used the office or portal, or their phone synced that month. Months before this report existed count sign-ins and each session’s and phone’s last use only.
      </Text>
      <Group align="flex-end" gap="sm">
        <TextInput type="month" label="From" value={from} onChange={(e) => isMonth(e.currentTarget.value) && set({ from: e.currentTarget.value })} max={to} />
        <TextInput type="month" label="To" value={to} onChange={(e) => isMonth(e.currentTarget.value) && set({ to: e.currentTarget.value })} min={from} error={rangeOk ? undefined : 'Must be on or after “From”.'} />
        <Button component="a" href={`/api/reports/licences${query({ from, to, format: 'csv' })}`} download variant="light" disabled={!rangeOk}>
          Download CSV
        </Button>
        {table.loading && <Loader size="sm" aria-label="Loading the licences report" />}
      </Group>
      <ErrorAlert error={table.error} title="Could not load the report. Check the months and try again." />
      {table.data && <ReportTable caption={`Active users by month, ${from} to ${to}`} table={table.data} />}

      <Title order={2} size="h3">
        Who counted
      </Title>
      <Group align="flex-end" gap="sm">
        <NativeSelect label="Month" value={month} onChange={(e) => set({ month: e.currentTarget.value })} data={[...new Set([month, ...months])]} w={160} />
        <Button component="a" href={`/api/reports/licences/users${query({ month, format: 'csv' })}`} download variant="light">
          Download CSV
        </Button>
      </Group>
      <ErrorAlert error={people.error} title="Could not load who was active" />
      {people.data && <ReportTable caption={`People active in ${month}`} table={people.data} />}
    </Stack>
  );
}
