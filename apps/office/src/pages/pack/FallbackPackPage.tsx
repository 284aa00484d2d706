import { Alert, Anchor, Button, Card, Divider, Group, List, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { LATEST_PACK_URL, packApi, packFileUrl, type TPack } from '../../api/pack';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { formatDateTime, formatDay } from '../../format/dates';
import { formatSize } from '../../format/sizes';
import { useIsReplica } from '../../session/ServerStateContext';
import { useUser } from '../../session/SessionContext';
import { PackTextsForm } from './PackTextsForm';

const madeBy = (p: TPack) => (p.kind === 'schedule' ? 'Nightly schedule' : (p.createdByName ?? 'On request'));
const contents = (p: TPack) =>
  `${p.summary.jobSheets} job sheets (${p.summary.engineers} engineers), ${p.summary.outstandingJobs} outstanding jobs (${p.summary.urgentJobs} urgent)`;

const columns: Column<TPack>[] = [
  { key: 'made', header: 'Made', render: (p) => formatDateTime(p.createdAt), sortValue: (p) => p.createdAt },
  { key: 'by', header: 'By', render: madeBy, sortValue: madeBy },
  { key: 'days', header: 'Job sheets for', render: (p) => p.summary.days.map((d) => formatDay(d, false)).join(', ') },
  { key: 'contents', header: 'Contents', render: contents },
  { key: 'size', header: 'Size', render: (p) => formatSize(p.size), sortValue: (p) => p.size },
  {
    key: 'download',
    header: 'Download',
    render: (p) => (
      <Anchor href={packFileUrl(p.id)} download={p.fileName} aria-label={`Download the pack made ${formatDateTime(p.createdAt)}`}>
        Download zip
      </Anchor>
    ),
  },
];

/**
 * The fallback pack (admin, office): paperwork to keep working from if Fieldkeep cannot be reached —
 * job sheets with site warnings, contact lists, outstanding jobs, blank forms, the customer script
 * and the back-up checklist. Download the newest, make one now, and (admin) edit the two texts.
 */
export function FallbackPackPage() {
  const user = useUser();
  const isReplica = useIsReplica();
  const list = useLoad(() => packApi.listPacks(), []);
  const [making, setMaking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const make = async () => {
    setMaking(true);
    setError(null);
    setNotice(null);
    try {
      const { pack } = await packApi.makePack();
      setNotice(`Pack made: ${contents(pack)}. Download it below.`);
      list.reload();
    } catch (err) {
      setError(err);
      list.reload();
    } finally {
      setMaking(false);
    }
  };

  const status = list.data?.status;
  const latest = status?.latestPack ?? null;
  return (
    <Stack>
      <Title order={1}>Fallback pack</Title>
      <Text>
        Paperwork to keep working from if Fieldkeep cannot be reached: each engineer’s job sheets with the site warnings, client, site and supplier contacts, outstanding and urgent
        jobs, blank job sheets, quotes, invoices and orders, what to tell callers, and what to do when the system is back. Print it, or keep the zip on a laptop.
      </Text>
      <Text size="sm">
        On the day, an office replica shows the{' '}
        <Anchor component={Link} to="/outage">
          outage procedure
        </Anchor>{' '}
        with this pack and the customer script, and emails staff: read it before you need it.
      </Text>
      {isReplica && (
        <Alert color="yellow" title="This is the office replica">
          You can download the newest pack the primary made. New packs are made on the primary.
        </Alert>
      )}
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not make the pack" />
      <ErrorAlert error={list.error} title="Could not load the packs. Reload the page." />
      {status?.lastFailure && (
        <Alert color="red" title="The last pack could not be made" role="alert">
          {formatDateTime(status.lastFailure.startedAt)} ({status.lastFailure.startedBy === 'schedule' ? 'nightly schedule' : 'on request'}): {status.lastFailure.error}
          {latest ? ` The newest good pack, from ${formatDateTime(latest.createdAt)}, is still here.` : ''}
        </Alert>
      )}

      <Card withBorder radius="md" padding="md">
        <Stack gap="md">
          <Title order={2} fz="lg">
            Newest pack
          </Title>
          {!list.data ? (
            !list.error && <Loader aria-label="Loading the packs" />
          ) : latest ? (
            <>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Field label="Made">
                  {formatDateTime(latest.createdAt)} · {madeBy(latest)}
                </Field>
                <Field label="Job sheets for">{latest.summary.days.map((d) => formatDay(d)).join(' and ')}</Field>
                <Field label="Size">
                  {formatSize(latest.size)}, {latest.summary.files} files
                </Field>
              </SimpleGrid>
              <List size="sm" spacing={2}>
                <List.Item>
                  {latest.summary.jobSheets} job sheets for {latest.summary.engineers} engineers, with site warnings, contacts and room to write
                </List.Item>
                <List.Item>
                  {latest.summary.outstandingJobs} outstanding jobs by due date, {latest.summary.urgentJobs} urgent
                </List.Item>
                <List.Item>
                  Contact lists: {latest.summary.clients} clients, {latest.summary.sites} sites, {latest.summary.suppliers} suppliers (PDF and CSV)
                </List.Item>
                <List.Item>Blank job sheet, quote, invoice, purchase order, picking list, delivery docket, time log and a register of numbers</List.Item>
                <List.Item>Customer script and “system back up” checklist. No price list: Fieldkeep does not hold one yet.</List.Item>
              </List>
            </>
          ) : (
            <Text>No pack has been made yet.{isReplica ? '' : ' Make one now, then print it or keep the zip somewhere you can reach without Fieldkeep.'}</Text>
          )}
          <Group>
            <Button component="a" href={LATEST_PACK_URL} download disabled={!latest} data-disabled={!latest || undefined} onClick={(e) => !latest && e.preventDefault()}>
              Download the newest pack
            </Button>
            {!isReplica && (
              <Button variant="light" onClick={() => void make()} loading={making} loaderProps={{ type: 'dots' }}>
                Make a pack now
              </Button>
            )}
            {making && (
              <Text size="sm" c="dimmed" role="status">
                Making the pack: job sheets, lists and forms… this takes a few seconds.
              </Text>
            )}
          </Group>
          {status && (
            <Text size="sm" c="dimmed">
              {status.schedule
                ? `Made every night for every tenant${status.nextRunAt ? `; next ${formatDateTime(status.nextRunAt)}` : ''}. The newest packs are kept; office replicas hold a copy.`
                : 'The nightly pack is switched off on this server (FIELDKEEP_PACK_SCHEDULE=off): make one here when you need it.'}
            </Text>
          )}
        </Stack>
      </Card>

      {list.data && list.data.packs.length > 0 && (
        <DataTable caption="Packs kept" columns={columns} rows={list.data.packs} rowKey={(p) => p.id} initialSort={{ key: 'made', direction: 'desc' }} empty="No packs." minWidth={760} />
      )}

      <Divider />
      <PackTextsForm canEdit={user.role === 'admin' && !isReplica} />
    </Stack>
  );
}
