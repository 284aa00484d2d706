import { Badge, Button, Group, Loader, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TAuditEntry } from '@fieldkeep/domain';
import { LIMITS } from '@fieldkeep/domain';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { DataTable, type Column } from '../../../components/DataTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime } from '../../../format/dates';
import { auditActionLabel, describeDetails, WARNING_ACTIONS } from './auditLabels';

const LIMIT_CHOICES = [50, 100, LIMITS.pageSizeMax].map(String);

export function AuditPage() {
  const [limit, setLimit] = useState(String(LIMITS.pageSizeMax));
  const [entries, setEntries] = useState<TAuditEntry[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');

  const load = useCallback(async (n: number) => {
    try {
      setEntries((await api.listAudit(n)).entries);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  // Subjects are ids: show the person or organisation they name, when those lists load.
  useEffect(() => {
    void Promise.allSettled([api.listUsers(), api.listClients()]).then(([users, clients]) => {
      const pairs: Array<[string, string]> = [];
      if (users.status === 'fulfilled') pairs.push(...users.value.users.map((u): [string, string] => [u.id, u.name]));
      if (clients.status === 'fulfilled') pairs.push(...clients.value.clients.map((c): [string, string] => [c.id, c.name]));
      setNames(new Map(pairs));
    });
  }, []);
  useEffect(() => void load(Number(limit)), [limit, load]);

  const subjectText = useCallback((e: TAuditEntry) => (e.subject ? (names.get(e.subject) ?? e.subject) : '—'), [names]);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!entries || !q) return entries ?? [];
    return entries.filter((e) =>
      [auditActionLabel(e.action), e.actorLogin ?? '', subjectText(e), e.ip ?? '', describeDetails(e.details)].some((f) =>
        f.toLowerCase().includes(q),
      ),
    );
  }, [entries, filter, subjectText]);

  const columns: Column<TAuditEntry>[] = [
    { key: 'at', header: 'Time', render: (e) => formatDateTime(e.at), sortValue: (e) => e.at },
    {
      key: 'action',
      header: 'Action',
      render: (e) => (
        <Badge variant="light" color={WARNING_ACTIONS.has(e.action) ? 'red' : 'gray'} style={{ textTransform: 'none' }}>
          {auditActionLabel(e.action)}
        </Badge>
      ),
      sortValue: (e) => auditActionLabel(e.action),
    },
    { key: 'who', header: 'Who', render: (e) => e.actorLogin ?? 'Fieldkeep', sortValue: (e) => e.actorLogin ?? '' },
    { key: 'subject', header: 'Subject', render: subjectText, sortValue: subjectText },
    { key: 'ip', header: 'IP address', render: (e) => e.ip ?? '—' },
    { key: 'details', header: 'Details', render: (e) => <Text size="sm">{describeDetails(e.details) || '—'}</Text> },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Audit log</Title>
        <Button variant="default" onClick={() => void load(Number(limit))}>
          Refresh
        </Button>
      </Group>
      <Text c="dimmed">Sign-ins, failed attempts, lockouts, password resets, invitations and account changes, newest first.</Text>
      <ErrorAlert error={error} title="Could not load the audit log" />
      <Group align="flex-end">
        <TextInput label="Filter entries" placeholder="Action, person, IP address…" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={320} />
        <NativeSelect label="Show the latest" data={LIMIT_CHOICES.map((n) => ({ value: n, label: `${n} entries` }))} value={limit} onChange={(e) => setLimit(e.currentTarget.value)} />
      </Group>
      {entries === null ? (
        !error && <Loader aria-label="Loading the audit log" />
      ) : (
        <DataTable
          caption="Audit entries"
          columns={columns}
          rows={shown}
          rowKey={(e) => e.id}
          pageSize={50}
          minWidth={960}
          initialSort={{ key: 'at', direction: 'desc' }}
          empty={filter ? 'No entry matches that filter.' : 'Nothing recorded yet.'}
        />
      )}
    </Stack>
  );
}
