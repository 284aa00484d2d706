import { Button, Card, Collapse, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { TStatusAction, TStatusEntry, TStatusFact, TStatusItem } from '@fieldkeep/domain';
import { byStatus } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { formatDateTime, localiseTimestamps } from '../../format/dates';
import { StatusActionControl } from './StatusActionControl';
import { StatusBadge } from './StatusBadge';

type ApiAction = Extract<TStatusAction, { method: string }>;

const BORDER: Record<TStatusItem['status'], string> = {
  red: 'var(--mantine-color-red-6)',
  amber: 'var(--mantine-color-orange-5)',
  green: 'var(--mantine-color-green-5)',
  grey: 'var(--mantine-color-gray-4)',
};

/** "1.2 MB written, took 3 s (23 Nov 2026, 02:30)". */
export function factText(f: TStatusFact): string {
  return f.at ? `${f.value} (${formatDateTime(f.at)})` : f.value;
}

interface Props {
  item: TStatusItem;
  onPerform: (action: ApiAction, context?: string) => void;
  busyUrl: string | null;
  /** The integrity check can be started here whatever its status. */
  onRunIntegrity?: () => void;
  integrityRunning?: boolean;
}

/** One item of the status page: its status in words, one line saying what is wrong, what to do, and the facts. */
export function StatusItemCard({ item, onPerform, busyUrl, onRunIntegrity, integrityRunning }: Props) {
  const headingId = `status-${item.key}`;
  const entries = byStatus(item.entries);
  const showRun = item.key === 'integrity' && onRunIntegrity && !(item.action && 'method' in item.action);
  // What needs a person is open; what is fine stays one line until asked.
  const needsLook = item.status === 'red' || item.status === 'amber';
  const [open, setOpen] = useState(needsLook);
  useEffect(() => {
    if (needsLook) setOpen(true);
  }, [needsLook]);
  const hasMore = item.details.length > 0 || entries.length > 0;
  const moreId = `${headingId}-more`;
  return (
    <Card component="section" aria-labelledby={headingId} withBorder radius="md" padding="md" style={{ borderLeft: `6px solid ${BORDER[item.status]}` }} data-item={item.key} data-status={item.status}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap="sm" wrap="nowrap">
              <StatusBadge status={item.status} />
              <Title order={2} fz="lg" id={headingId}>
                {item.title}
              </Title>
              {item.scope === 'tenant' && (
                <Text size="xs" c="dimmed">
                  your company
                </Text>
              )}
            </Group>
            <Text fw={item.status === 'red' ? 600 : 400}>{localiseTimestamps(item.summary)}</Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {hasMore && !needsLook && (
              <Button size="sm" variant="subtle" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls={moreId}>
                {open ? 'Hide details' : 'Details'}
              </Button>
            )}
            {item.action && (
              <StatusActionControl
                action={item.action}
                urgent={item.status === 'red'}
                busy={'method' in item.action && (busyUrl === item.action.url || (item.key === 'integrity' && integrityRunning))}
                onPerform={(a) => (item.key === 'integrity' && onRunIntegrity ? onRunIntegrity() : onPerform(a, item.title))}
              />
            )}
            {showRun && (
              <Button size="sm" variant="default" loading={integrityRunning} onClick={onRunIntegrity}>
                Run the check now
              </Button>
            )}
          </Group>
        </Group>

        <Collapse in={open} id={moreId}>
          <Stack gap="sm">
            {item.details.length > 0 && (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" verticalSpacing={6}>
                {item.details.map((f) => (
                  <div key={f.label}>
                    <Text size="xs" c="dimmed">
                      {f.label}
                    </Text>
                    <Text size="sm">{factText(f)}</Text>
                  </div>
                ))}
              </SimpleGrid>
            )}

            {entries.length > 0 && <EntriesTable item={item} entries={entries} onPerform={onPerform} busyUrl={busyUrl} />}
          </Stack>
        </Collapse>
      </Stack>
    </Card>
  );
}

const ENTRY_HEADERS: Partial<Record<TStatusItem['key'], string>> = {
  messages: 'Email',
  devices: 'Device',
  replication: 'Replica',
  server_errors: 'Request',
  backups: 'Step',
  integrity: 'Problem',
};

function EntriesTable({ item, entries, onPerform, busyUrl }: { item: TStatusItem; entries: TStatusEntry[]; onPerform: Props['onPerform']; busyUrl: string | null }) {
  const hasActions = entries.some((e) => e.action);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing={6} striped="even" aria-label={`${item.title}: details`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={130}>Status</Table.Th>
            <Table.Th>{ENTRY_HEADERS[item.key] ?? 'What'}</Table.Th>
            <Table.Th>What happened</Table.Th>
            <Table.Th w={170}>When</Table.Th>
            {hasActions && <Table.Th w={160}>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <StatusBadge status={e.status} size="sm" />
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                  {e.title}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {localiseTimestamps(e.text)}
                </Text>
                {e.facts.length > 0 && (
                  <Text size="xs" c="dimmed" mt={2} style={{ overflowWrap: 'anywhere' }}>
                    {e.facts.map((f) => `${f.label}: ${factText(f)}`).join(' · ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(e.at)}</Text>
              </Table.Td>
              {hasActions && (
                <Table.Td>
                  {e.action && <StatusActionControl action={e.action} size="xs" urgent={e.status === 'red'} context={e.title} busy={'method' in e.action && busyUrl === e.action.url} onPerform={(a) => onPerform(a, e.title)} />}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
