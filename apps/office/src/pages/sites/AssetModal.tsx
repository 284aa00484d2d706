import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { TAsset } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

const FIELDS = ['type', 'make', 'model', 'serial', 'location'] as const;
type FieldName = (typeof FIELDS)[number];

/** Add an asset to a site, or change one. */
export function AssetModal({ siteId, asset, onClose, onSaved }: { siteId: string; asset?: TAsset; onClose: () => void; onSaved: (a: TAsset) => void }) {
  const [values, setValues] = useState<Record<FieldName, string>>(() => Object.fromEntries(FIELDS.map((f) => [f, asset?.[f] ?? ''])) as Record<FieldName, string>);
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
    const body = { type: values.type.trim(), make: opt('make'), model: opt('model'), serial: opt('serial'), location: opt('location') };
    try {
      const res = asset ? await api.updateAsset(asset.id, body) : await api.createAsset({ siteId, ...body });
      onSaved(res.asset);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={asset ? `Edit ${asset.type}` : 'Add asset'}>
      <form onSubmit={(e) => void submit(e)} noValidate>
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
