import { Anchor, Button, Group, Loader, Stack, TextInput, Title } from '@mantine/core';
import type { TClient } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { OrgFormModal } from './OrgFormModal';
import { CLIENTS, SUPPLIERS, type OrgKind } from './orgKinds';

export const ClientsPage = () => <OrgListPage kind={CLIENTS} />;
export const SuppliersPage = () => <OrgListPage kind={SUPPLIERS} />;

/** Clients or suppliers, searched by name on the server. */
function OrgListPage({ kind }: { kind: OrgKind }) {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);
  const orgs = useLoad(() => kind.list(q || undefined), [kind, q], { keepPrevious: true });

  const columns: Column<TClient>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (o) => (
        <Anchor component={Link} to={`${kind.path}/${o.id}`} fw={600}>
          {o.name}
        </Anchor>
      ),
      sortValue: (o) => o.name,
    },
    { key: 'phone', header: 'Phone', render: (o) => o.phone ?? '—' },
    { key: 'email', header: 'Email', render: (o) => o.email ?? '—', sortValue: (o) => o.email ?? '' },
    { key: 'contacts', header: 'Contacts', render: (o) => o.contacts.map((c) => c.name).join(', ') || '—', sortValue: (o) => o.contacts.length },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{kind.plural}</Title>
        <Button onClick={() => setAdding(true)}>Add {kind.singular}</Button>
      </Group>
      <TextInput label={`Search ${kind.plural.toLowerCase()}`} type="search" placeholder="Part of the name" value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={360} />
      <ErrorAlert error={orgs.error} title={`Could not load the ${kind.plural.toLowerCase()}. Check your connection and reload the page.`} />
      {!orgs.data ? (
        !orgs.error && <Loader aria-label={`Loading ${kind.plural.toLowerCase()}`} />
      ) : (
        <DataTable
          caption={kind.plural}
          columns={columns}
          rows={orgs.data}
          rowKey={(o) => o.id}
          initialSort={{ key: 'name', direction: 'asc' }}
          empty={q ? 'Nothing matches that name.' : `No ${kind.plural.toLowerCase()} yet.`}
        />
      )}
      {adding && (
        <OrgFormModal
          kind={kind}
          onClose={() => setAdding(false)}
          onSaved={(o) => void navigate(`${kind.path}/${o.id}`, { state: { notice: `${o.name} is added.` } })}
        />
      )}
    </Stack>
  );
}
