import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { TClient, TSite } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldForm } from '../../components/useFieldForm';

interface Props {
  /** Editing this site; without it, adds a new one. */
  site?: TSite;
  clients: TClient[];
  defaultClientId?: string;
  onClose: () => void;
  onSaved: (site: TSite) => void;
}

const FIELDS = ['name', 'address1', 'address2', 'town', 'postcode', 'accessNotes', 'occupantName', 'occupantPhone', 'occupantEmail'] as const;

/** Add or change a site: address, access notes and the occupant to contact. */
export function SiteFormModal({ site, clients, defaultClientId, onClose, onSaved }: Props) {
  const [clientId, setClientId] = useState(site?.clientId ?? defaultClientId ?? '');
  const { values, set, busy, error, errors, onSubmit } = useFieldForm(FIELDS, site, async ({ text, opt }) => {
    const body = {
      name: text('name'),
      address1: text('address1'),
      address2: opt('address2'),
      town: opt('town'),
      postcode: text('postcode'),
      accessNotes: opt('accessNotes'),
      occupantName: opt('occupantName'),
      occupantPhone: opt('occupantPhone'),
      occupantEmail: opt('occupantEmail'),
    };
    const res = site ? await api.updateSite(site.id, body) : await api.createSite({ clientId, ...body });
    onSaved(res.site);
  });

  return (
    <Modal opened onClose={onClose} title={site ? `Edit ${site.name}` : 'Add site'} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not save the site. Check the marked fields." />
          {!site && (
            <NativeSelect
              label="Client"
              required
              value={clientId}
              onChange={(e) => setClientId(e.currentTarget.value)}
              data={[{ value: '', label: 'Choose a client…' }, ...clients.map((c) => ({ value: c.id, label: c.name }))]}
              error={errors.clientId}
            />
          )}
          <TextInput label="Site name" description="How people refer to it, e.g. “Flat 3, 14 Canal Street”." required value={values.name} onChange={set('name')} error={errors.name} data-autofocus />
          <TextInput label="Address line 1" required value={values.address1} onChange={set('address1')} error={errors.address1} />
          <TextInput label="Address line 2 (optional)" value={values.address2} onChange={set('address2')} error={errors.address2} />
          <SimpleGrid cols={2}>
            <TextInput label="Town (optional)" value={values.town} onChange={set('town')} error={errors.town} />
            <TextInput label="Postcode" required value={values.postcode} onChange={set('postcode')} error={errors.postcode} />
          </SimpleGrid>
          <Textarea label="Access notes (optional)" description="Key safe, parking, gate codes: what an engineer needs to get in." autosize minRows={2} value={values.accessNotes} onChange={set('accessNotes')} error={errors.accessNotes} />
          <SimpleGrid cols={3}>
            <TextInput label="Occupant name (optional)" value={values.occupantName} onChange={set('occupantName')} error={errors.occupantName} />
            <TextInput label="Occupant phone (optional)" type="tel" value={values.occupantPhone} onChange={set('occupantPhone')} error={errors.occupantPhone} />
            <TextInput label="Occupant email (optional)" type="email" value={values.occupantEmail} onChange={set('occupantEmail')} error={errors.occupantEmail} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!site && !clientId}>
              {site ? 'Save site' : 'Add site'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
