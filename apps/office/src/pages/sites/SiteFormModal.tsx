import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { TClient, TSite } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

interface Props {
  /** Editing this site; without it, adds a new one. */
  site?: TSite;
  clients: TClient[];
  defaultClientId?: string;
  onClose: () => void;
  onSaved: (site: TSite) => void;
}

const FIELDS = ['name', 'address1', 'address2', 'town', 'postcode', 'accessNotes', 'occupantName', 'occupantPhone', 'occupantEmail'] as const;
type FieldName = (typeof FIELDS)[number];

/** Add or change a site: address, access notes and the occupant to contact. */
export function SiteFormModal({ site, clients, defaultClientId, onClose, onSaved }: Props) {
  const [clientId, setClientId] = useState(site?.clientId ?? defaultClientId ?? '');
  const [values, setValues] = useState<Record<FieldName, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, site?.[f] ?? ''])) as Record<FieldName, string>);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrors(error);
  const set = (f: FieldName) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setValues((old) => ({ ...old, [f]: v }));
  };
  const opt = (f: FieldName) => values[f].trim() || null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      name: values.name.trim(),
      address1: values.address1.trim(),
      address2: opt('address2'),
      town: opt('town'),
      postcode: values.postcode.trim(),
      accessNotes: opt('accessNotes'),
      occupantName: opt('occupantName'),
      occupantPhone: opt('occupantPhone'),
      occupantEmail: opt('occupantEmail'),
    };
    try {
      const res = site ? await api.updateSite(site.id, body) : await api.createSite({ clientId, ...body });
      onSaved(res.site);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={site ? `Edit ${site.name}` : 'Add site'} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
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
