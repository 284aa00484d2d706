import { Alert, Button, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import type { TMessage } from '@fieldkeep/domain';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api/client';
import { DataTable, type Column } from '../../../components/DataTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime } from '../../../format/dates';
import { MessageDrawer } from './MessageDrawer';
import { MessageStatusBadge } from './MessageStatusBadge';

type Filter = 'all' | 'pending' | 'sent' | 'failed';
const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Pending' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
];

export function MailPage() {
  const [filter, setFilter] = useState<Filter>('all');
  const [messages, setMessages] = useState<TMessage[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reading, setReading] = useState<TMessage | null>(null);
  const [retryingId, setRetryingId] = useState<string | null>(null);

  const load = useCallback(async (f: Filter) => {
    try {
      const { messages: list } = await api.listMessages(f === 'all' ? undefined : f);
      setMessages(list);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    setMessages(null);
    void load(filter);
  }, [filter, load]);

  const retry = async (m: TMessage) => {
    setRetryingId(m.id);
    setError(null);
    try {
      const { message } = await api.retryMessage(m.id);
      setMessages((list) => (list ?? []).map((x) => (x.id === message.id ? message : x)));
      setReading((r) => (r?.id === message.id ? message : r));
    } catch (err) {
      setError(err);
    } finally {
      setRetryingId(null);
    }
  };

  const columns: Column<TMessage>[] = [
    { key: 'createdAt', header: 'Written', render: (m) => formatDateTime(m.createdAt), sortValue: (m) => m.createdAt },
    { key: 'to', header: 'To', render: (m) => m.to, sortValue: (m) => m.to },
    { key: 'subject', header: 'Subject', render: (m) => m.subject, sortValue: (m) => m.subject },
    { key: 'status', header: 'Status', render: (m) => <MessageStatusBadge status={m.status} />, sortValue: (m) => m.status },
    { key: 'attempts', header: 'Attempts', render: (m) => m.attempts, sortValue: (m) => m.attempts },
    { key: 'lastError', header: 'Last error', render: (m) => (m.lastError ? <Text size="sm" lineClamp={2}>{m.lastError}</Text> : '—') },
    {
      key: 'actions',
      header: 'Actions',
      render: (m) => (
        <Group gap={6} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
          <Button size="compact-sm" variant="light" onClick={() => setReading(m)} aria-label={`Read ${m.subject}`}>
            Read
          </Button>
          {m.status === 'failed' && (
            <Button size="compact-sm" color="red" variant="light" loading={retryingId === m.id} onClick={() => void retry(m)} aria-label={`Retry ${m.subject}`}>
              Retry
            </Button>
          )}
        </Group>
      ),
    },
  ];

  const keptInFiles = (messages ?? []).some((m) => m.transport === 'file');

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Mail</Title>
        <Button variant="default" onClick={() => void load(filter)}>
          Refresh
        </Button>
      </Group>
      <Text c="dimmed">Every email Fieldkeep sends, newest first. Failed ones are tried again automatically; you can retry them now.</Text>
      {keptInFiles && (
        <Alert color="blue" title="Mail is not leaving this server">
          No SMTP server is configured: mail is kept in the data folder and shown here.
        </Alert>
      )}
      <ErrorAlert error={error} />
      <Stack gap={4}>
        <Text fw={500} size="sm" id="mail-status-label">
          Show messages
        </Text>
        <SegmentedControl
          aria-labelledby="mail-status-label"
          data={FILTERS}
          value={filter}
          onChange={(v) => setFilter(FILTERS.find((f) => f.value === v)?.value ?? 'all')}
          w="fit-content"
        />
      </Stack>
      {messages === null ? (
        !error && <Loader aria-label="Loading mail" />
      ) : (
        <DataTable
          caption="Outgoing mail"
          columns={columns}
          rows={messages}
          rowKey={(m) => m.id}
          initialSort={{ key: 'createdAt', direction: 'desc' }}
          onRowClick={setReading}
          minWidth={960}
          empty={filter === 'all' ? 'No mail yet.' : `No ${filter} mail.`}
        />
      )}
      {reading && <MessageDrawer message={reading} onClose={() => setReading(null)} onRetry={(m) => void retry(m)} retrying={retryingId === reading.id} />}
    </Stack>
  );
}
