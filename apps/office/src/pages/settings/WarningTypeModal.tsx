import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { SEVERITIES, type TSeverity, type TWarningType } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { SEVERITY_LABELS } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';

const keyFrom = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 60);

/** Add a warning type, or rename one / change its default severity. */
export function WarningTypeModal({ type, onClose, onSaved }: { type?: TWarningType; onClose: () => void; onSaved: (t: TWarningType) => void }) {
  const [name, setName] = useState(type?.name ?? '');
  const [key, setKey] = useState(type?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(false);
  const [severity, setSeverity] = useState<TSeverity>(type?.defaultSeverity ?? 'caution');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrors(error);
  const effectiveKey = type ? type.key : keyTouched ? key : keyFrom(name);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = type
        ? await api.updateWarningType(type.id, { name: name.trim(), defaultSeverity: severity })
        : await api.createWarningType({ key: effectiveKey, name: name.trim(), defaultSeverity: severity });
      onSaved(res.warningType);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={type ? `Rename ${type.name}` : 'Add warning type'}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not save the warning type. Check the marked fields." />
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus />
          {!type && (
            <TextInput
              label="Key"
              description="Used by rules and imports; lower-case letters, digits and underscores. It cannot change later."
              value={effectiveKey}
              onChange={(e) => {
                setKeyTouched(true);
                setKey(e.currentTarget.value);
              }}
              error={errors.key}
            />
          )}
          <NativeSelect
            label="Default severity"
            value={severity}
            onChange={(e) => setSeverity(e.currentTarget.value as TSeverity)}
            data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || !effectiveKey}>
              {type ? 'Save' : 'Add warning type'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
