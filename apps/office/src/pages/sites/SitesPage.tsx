import { Anchor, Button, Group, Loader, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { LIMITS, type TSite } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { WarningCountBadge } from '../../components/badges';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { addressLine } from '../../format/labels';
import { SiteFormModal } from './SiteFormModal';

const columns: Column<TSite>[] = [
  {
    key: 'name',
    header: 'Site',
    render: (s) => (
      <Anchor component={Link} to={`/sites/${s.id}`} fw={600}>
        {s.name}
      </Anchor>
    ),
    sortValue: (s) => s.name,
  },
  { key: 'address', header: 'Address', render: (s) => addressLine(s), sortValue: (s) => s.address1 },
  { key: 'postcode', header: 'Postcode', render: (s) => s.postcode, sortValue: (s) => s.postcode },
  { key: 'client', header: 'Client', render: (s) => s.clientName, sortValue: (s) => s.clientName },
  { key: 'warnings', header: 'Live warnings', render: (s) => <WarningCountBadge count={s.liveWarningCount} />, sortValue: (s) => -s.liveWarningCount },
];

/** Every site, searched by the server (name, address, postcode), with its live warnings. */
export function SitesPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [clientId, setClientId] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);

  const clients = useLoad(() => api.listClients().then((r) => r.clients), []);
  const sites = useLoad(() => api.listSites({ q: q || undefined, clientId: clientId || undefined, limit: LIMITS.pageSizeMax }).then((r) => r.sites), [q, clientId], {
    keepPrevious: true,
  });
  const full = (sites.data?.length ?? 0) >= LIMITS.pageSizeMax;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Sites</Title>
        <Button onClick={() => setAdding(true)}>Add site</Button>
      </Group>
      <Group align="flex-end">
        <TextInput label="Search sites" type="search" placeholder="Name, street or postcode" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={300} />
        <NativeSelect
          label="Client"
          value={clientId}
          onChange={(e) => setClientId(e.currentTarget.value)}
          data={[{ value: '', label: 'Any client' }, ...(clients.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          w={260}
        />
      </Group>
      <ErrorAlert error={sites.error ?? clients.error} title="Could not load the sites. Check your connection and reload the page." />
      {full && <Text size="sm">Showing the first {LIMITS.pageSizeMax} sites: search to narrow the list.</Text>}
      {!sites.data ? (
        !sites.error && <Loader aria-label="Loading sites" />
      ) : (
        <DataTable
          caption="Sites"
          columns={columns}
          rows={sites.data}
          rowKey={(s) => s.id}
          initialSort={{ key: 'name', direction: 'asc' }}
          empty={q || clientId ? 'No site matches. Check the spelling or clear the client filter.' : 'No sites yet. Add one, or import a CSV file.'}
        />
      )}
      {adding && (
        <SiteFormModal
          clients={clients.data ?? []}
          defaultClientId={clientId || undefined}
          onClose={() => setAdding(false)}
          onSaved={(s) => void navigate(`/sites/${s.id}`, { state: { notice: `${s.name} is added.` } })}
        />
      )}
    </Stack>
  );
}
