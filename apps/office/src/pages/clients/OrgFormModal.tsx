import { Button, Group, Modal, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { TClient } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { OrgKind } from './orgKinds';

const FIELDS = ['name', 'address', 'phone', 'email', 'notes'] as const;
type FieldName = (typeof FIELDS)[number];

/** Add a client or supplier, or change its details (contacts are edited on its page). */
export function OrgFormModal({ kind, org, onClose, onSaved }: { kind: OrgKind; org?: TClient; onClose: () => void; onSaved: (o: TClient) => void }) {
  const [values, setValues] = useState<Record<FieldName, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, org?.[f] ?? ''])) as Record<FieldName, string>);
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
    const body = { name: values.name.trim(), address: opt('address'), phone: opt('phone'), email: opt('email'), notes: opt('notes') };
    try {
      onSaved(org ? await kind.update(org.id, body) : await kind.create(body));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={org ? `Edit ${org.name}` : `Add ${kind.singular}`}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title={`Could not save the ${kind.singular}. Check the marked fields.`} />
          <TextInput label="Name" required value={values.name} onChange={set('name')} error={errors.name} data-autofocus />
          <Textarea label="Address (optional)" autosize minRows={2} value={values.address} onChange={set('address')} error={errors.address} />
          <SimpleGrid cols={2}>
            <TextInput label="Phone (optional)" type="tel" value={values.phone} onChange={set('phone')} error={errors.phone} />
            <TextInput label="Email (optional)" type="email" value={values.email} onChange={set('email')} error={errors.email} />
          </SimpleGrid>
          <Textarea label="Notes (optional)" autosize minRows={2} value={values.notes} onChange={set('notes')} error={errors.notes} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {org ? 'Save' : `Add ${kind.singular}`}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
