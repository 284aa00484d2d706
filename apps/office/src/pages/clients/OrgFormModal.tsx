import { Button, Group, Modal, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import type { TClient } from '@fieldkeep/domain';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldForm } from '../../components/useFieldForm';
import type { OrgKind } from './orgKinds';

const FIELDS = ['name', 'address', 'phone', 'email', 'notes'] as const;

/** Add a client or supplier, or change its details (contacts are edited on its page). */
export function OrgFormModal({ kind, org, onClose, onSaved }: { kind: OrgKind; org?: TClient; onClose: () => void; onSaved: (o: TClient) => void }) {
  const { values, set, busy, error, errors, onSubmit } = useFieldForm(FIELDS, org, async ({ text, opt }) => {
    const body = { name: text('name'), address: opt('address'), phone: opt('phone'), email: opt('email'), notes: opt('notes') };
    onSaved(org ? await kind.update(org.id, body) : await kind.create(body));
  });

  return (
    <Modal opened onClose={onClose} title={org ? `Edit ${org.name}` : `Add ${kind.singular}`}>
      <form onSubmit={onSubmit} noValidate>
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
