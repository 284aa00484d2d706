import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { TAsset } from '@fieldkeep/domain';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldForm } from '../../components/useFieldForm';

const FIELDS = ['type', 'make', 'model', 'serial', 'location'] as const;

/** Add an asset to a site, or change one. */
export function AssetModal({ siteId, asset, onClose, onSaved }: { siteId: string; asset?: TAsset; onClose: () => void; onSaved: (a: TAsset) => void }) {
  const { values, set, busy, error, errors, onSubmit } = useFieldForm(FIELDS, asset, async ({ text, opt }) => {
    const body = { type: text('type'), make: opt('make'), model: opt('model'), serial: opt('serial'), location: opt('location') };
    const res = asset ? await api.updateAsset(asset.id, body) : await api.createAsset({ siteId, ...body });
    onSaved(res.asset);
  });

  return (
    <Modal opened onClose={onClose} title={asset ? `Edit ${asset.type}` : 'Add asset'}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not save the asset. Check the marked fields." />
          <TextInput label="Asset type" description="e.g. Boiler, Fire alarm panel, Lift" required value={values.type} onChange={set('type')} error={errors.type} data-autofocus />
          <SimpleGrid cols={2}>
            <TextInput label="Make (optional)" value={values.make} onChange={set('make')} error={errors.make} />
            <TextInput label="Model (optional)" value={values.model} onChange={set('model')} error={errors.model} />
          </SimpleGrid>
          <TextInput label="Serial number (optional)" value={values.serial} onChange={set('serial')} error={errors.serial} />
          <TextInput label="Location on site (optional)" description="e.g. Kitchen cupboard, Plant room" value={values.location} onChange={set('location')} error={errors.location} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {asset ? 'Save asset' : 'Add asset'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
