import { Anchor, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { TSite } from '@fieldkeep/domain';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { WarningCountBadge } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { addressLine } from '../../format/labels';
import { SiteFormModal } from '../sites/SiteFormModal';
import { ContactsEditor } from './ContactsEditor';
import { OrgFormModal } from './OrgFormModal';
import { CLIENTS, SUPPLIERS, type OrgKind } from './orgKinds';

export const ClientPage = () => <OrgPage kind={CLIENTS} />;
export const SupplierPage = () => <OrgPage kind={SUPPLIERS} />;

/** A client or supplier: details, contacts, and (for a client) its sites. */
function OrgPage({ kind }: { kind: OrgKind }) {
  const { id = '' } = useParams();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);
  const [editing, setEditing] = useState(false);
  const [addingSite, setAddingSite] = useState(false);
  const org = useLoad(() => kind.get(id), [kind, id]);
  const isClient = kind === CLIENTS;
  const sites = useLoad(async () => (isClient ? (await api.listSites({ clientId: id, limit: 200 })).sites : []), [isClient, id]);

  if (!org.data) {
    return (
      <Stack>
        <Title order={1}>{isClient ? 'Client' : 'Supplier'}</Title>
        {org.error ? <ErrorAlert error={org.error} title={`Could not load this ${kind.singular}. Check the link, or find it in the list.`} /> : <Loader aria-label="Loading" />}
      </Stack>
    );
  }
  const o = org.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{o.name}</Title>
        <Group gap="xs">
          <Button variant="default" onClick={() => setEditing(true)}>
            Edit details
          </Button>
          {isClient && (
            <Button variant="default" component={Link} to={`/jobs?clientId=${o.id}`}>
              See this client’s jobs
            </Button>
          )}
          {isClient && <Button onClick={() => setAddingSite(true)}>Add site</Button>}
        </Group>
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <Card withBorder radius="md">
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <Field label="Address">
            <Text style={{ whiteSpace: 'pre-wrap' }}>{o.address ?? '—'}</Text>
          </Field>
          <Field label="Phone">{o.phone ?? '—'}</Field>
          <Field label="Email">{o.email ?? '—'}</Field>
          <Field label="Notes">
            <Text style={{ whiteSpace: 'pre-wrap' }}>{o.notes ?? '—'}</Text>
          </Field>
        </SimpleGrid>
      </Card>
      <ContactsEditor
        key={o.contacts.map((c) => c.id).join()}
        contacts={o.contacts}
        onSave={async (contacts) => {
          const next = await kind.update(o.id, { contacts });
          org.setData(() => next);
          setNotice('Contacts saved.');
        }}
      />
      {isClient && (
        <Stack gap="xs" component="section" aria-labelledby="client-sites-heading">
          <Title order={2} fz="lg" id="client-sites-heading">
            Sites {sites.data ? `(${sites.data.length})` : ''}
          </Title>
          <ErrorAlert error={sites.error} title="Could not load the sites. Reload the page." />
          {sites.data?.length === 0 && <Text c="dimmed">No sites yet. Add one, or import a CSV file.</Text>}
          {sites.data?.map((s: TSite) => (
            <Group key={s.id} gap="sm">
              <Anchor component={Link} to={`/sites/${s.id}`} fw={600}>
                {s.name}
              </Anchor>
              <Text size="sm">{addressLine(s)}</Text>
              <WarningCountBadge count={s.liveWarningCount} size="sm" />
            </Group>
          ))}
        </Stack>
      )}
      {editing && (
        <OrgFormModal
          kind={kind}
          org={o}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            org.setData(() => next);
            setNotice('Details saved.');
          }}
        />
      )}
      {addingSite && (
        <SiteFormModal
          clients={[o]}
          defaultClientId={o.id}
          onClose={() => setAddingSite(false)}
          onSaved={(s) => {
            setAddingSite(false);
            sites.reload();
            setNotice(`${s.name} is added.`);
          }}
        />
      )}
    </Stack>
  );
}
