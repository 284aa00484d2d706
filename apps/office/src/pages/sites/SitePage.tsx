import { Anchor, Button, Card, Grid, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { TAsset } from '@fieldkeep/domain';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { JobStatusBadge, PriorityBadge, WarningCountBadge } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { formatDay } from '../../format/dates';
import { AssetModal } from './AssetModal';
import { SiteFormModal } from './SiteFormModal';
import { SiteWarnings } from './SiteWarnings';

/** One site: address, access, occupant, its assets, warnings and jobs. */
export function SitePage() {
  const { siteId = '' } = useParams();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [editing, setEditing] = useState(false);
  const [asset, setAsset] = useState<TAsset | 'new' | null>(null);
  const site = useLoad(() => api.getSite(siteId).then((r) => r.site), [siteId]);
  const assets = useLoad(() => api.listAssets(siteId).then((r) => r.assets), [siteId]);
  const jobs = useLoad(() => api.listJobs({ siteId, limit: 50 }), [siteId]);

  if (!site.data) {
    return (
      <Stack>
        <Title order={1}>Site</Title>
        {site.error ? <ErrorAlert error={site.error} title="Could not load this site. Check the link, or find it in the sites list." /> : <Loader aria-label="Loading the site" />}
      </Stack>
    );
  }
  const s = site.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={1}>{s.name}</Title>
            <WarningCountBadge count={s.liveWarningCount} />
          </Group>
          <Text>
            <Anchor component={Link} to={`/clients/${s.clientId}`}>
              {s.clientName}
            </Anchor>
          </Text>
        </Stack>
        <Group gap="xs">
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit site
          </Button>
          <Button component={Link} to={`/jobs/new?siteId=${s.id}`}>
            Raise job here
          </Button>
        </Group>
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <Card withBorder radius="md">
              <SimpleGrid cols={2} spacing="md">
                <Field label="Address">
                  {[s.address1, s.address2, s.town].filter(Boolean).join(', ')}
                  <Text fw={600}>{s.postcode}</Text>
                </Field>
                <Field label="Occupant">
                  {s.occupantName || s.occupantPhone || s.occupantEmail ? (
                    <>
                      <Text>{s.occupantName ?? 'Name not given'}</Text>
                      {s.occupantPhone && <Anchor href={`tel:${s.occupantPhone}`}>{s.occupantPhone}</Anchor>}
                      {s.occupantEmail && <Text size="sm">{s.occupantEmail}</Text>}
                    </>
                  ) : (
                    'Not recorded'
                  )}
                </Field>
                <Field label="Access notes">
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{s.accessNotes ?? 'None'}</Text>
                </Field>
              </SimpleGrid>
            </Card>
            <Stack gap="xs" component="section" aria-labelledby="assets-heading">
              <Group justify="space-between">
                <Title order={2} fz="lg" id="assets-heading">
                  Assets
                </Title>
                <Button size="xs" variant="light" onClick={() => setAsset('new')}>
                  Add asset
                </Button>
              </Group>
              <ErrorAlert error={assets.error} title="Could not load the assets. Reload the page." />
              <Table verticalSpacing="xs" striped aria-label="Assets">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Make and model</Table.Th>
                    <Table.Th>Serial</Table.Th>
                    <Table.Th>Location</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(assets.data ?? []).map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{a.type}</Table.Td>
                      <Table.Td>{[a.make, a.model].filter(Boolean).join(' ') || '—'}</Table.Td>
                      <Table.Td>{a.serial ?? '—'}</Table.Td>
                      <Table.Td>{a.location ?? '—'}</Table.Td>
                      <Table.Td>
                        <Button size="compact-sm" variant="default" onClick={() => setAsset(a)} aria-label={`Edit asset ${a.type}${a.location ? `, ${a.location}` : ''}`}>
                          Edit
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {assets.data?.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={5}>
                        <Text c="dimmed">No assets recorded at this site.</Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Stack>
            <Stack gap="xs" component="section" aria-labelledby="site-jobs-heading">
              <Title order={2} fz="lg" id="site-jobs-heading">
                Jobs at this site {jobs.data ? `(${jobs.data.total})` : ''}
              </Title>
              <ErrorAlert error={jobs.error} title="Could not load the jobs. Reload the page." />
              {jobs.data?.jobs.length === 0 && <Text c="dimmed">No jobs yet at this site.</Text>}
              {jobs.data?.jobs.map((j) => (
                <Group key={j.id} gap="sm" wrap="nowrap">
                  <Anchor component={Link} to={`/jobs/${j.id}`} fw={700}>
                    {j.reference}
                  </Anchor>
                  <JobStatusBadge status={j.status} />
                  <PriorityBadge priority={j.priority} withWord />
                  <Text size="sm" lineClamp={1} style={{ flex: 1 }}>
                    {j.description}
                  </Text>
                  <Text size="sm">{formatDay(j.targetDate)}</Text>
                </Group>
              ))}
              {jobs.data && jobs.data.total > jobs.data.jobs.length && (
                <Anchor component={Link} to={`/jobs?siteId=${s.id}`}>
                  See all {jobs.data.total} jobs at this site
                </Anchor>
              )}
            </Stack>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <SiteWarnings
            siteId={s.id}
            assets={assets.data ?? []}
            onChanged={(m) => {
              setNotice(m);
              site.reload();
            }}
          />
        </Grid.Col>
      </Grid>
      {editing && (
        <SiteFormModal
          site={s}
          clients={[]}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            site.setData(() => next);
            setNotice('The site is saved.');
          }}
        />
      )}
      {asset && (
        <AssetModal
          siteId={s.id}
          asset={asset === 'new' ? undefined : asset}
          onClose={() => setAsset(null)}
          onSaved={(a) => {
            setAsset(null);
            assets.reload();
            setNotice(`Asset saved: ${a.type}.`);
          }}
        />
      )}
    </Stack>
  );
}
