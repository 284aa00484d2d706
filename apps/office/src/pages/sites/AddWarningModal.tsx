import { Button, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { SEVERITIES, type TAsset, type TSeverity, type TWarning, type TWarningType } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { SEVERITY_LABELS } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fromZonedParts } from '../../format/dates';

interface Props {
  siteId: string;
  assets: TAsset[];
  warningTypes: TWarningType[];
  onClose: () => void;
  onSaved: (w: TWarning) => void;
}

/** A new warning on the site or one of its assets; severity starts at the type's default. */
export function AddWarningModal({ siteId, assets, warningTypes, onClose, onSaved }: Props) {
  const active = warningTypes.filter((t) => t.active);
  const [typeId, setTypeId] = useState('');
  const [severity, setSeverity] = useState<TSeverity | ''>('');
  const [text, setText] = useState('');
  const [assetId, setAssetId] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [visible, setVisible] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errors = fieldErrors(error);
  const type = active.find((t) => t.id === typeId);

  const chooseType = (id: string) => {
    setTypeId(id);
    const t = active.find((x) => x.id === id);
    if (t) setSeverity(t.defaultSeverity);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { warning } = await api.addWarning({
        siteId,
        assetId: assetId || null,
        typeId,
        text: text.trim(),
        ...(severity ? { severity } : {}),
        ...(from ? { validFrom: fromZonedParts(from, '00:00') } : {}),
        validUntil: until ? fromZonedParts(until, '23:59') : null,
        visibleToEngineers: visible,
      });
      onSaved(warning);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title="Add warning" size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not add the warning. Check the marked fields." />
          <NativeSelect
            label="Warning type"
            required
            value={typeId}
            onChange={(e) => chooseType(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose a type…' }, ...active.map((t) => ({ value: t.id, label: t.name }))]}
            error={errors.typeId}
            data-autofocus
          />
          <NativeSelect
            label="Severity"
            description={type ? `Default for ${type.name}: ${SEVERITY_LABELS[type.defaultSeverity]}` : 'Starts at the type’s default.'}
            value={severity}
            onChange={(e) => setSeverity(e.currentTarget.value as TSeverity)}
            data={[{ value: '', label: 'Type’s default' }, ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))]}
          />
          <Textarea label="What engineers need to know" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} error={errors.text} />
          <NativeSelect
            label="Applies to"
            value={assetId}
            onChange={(e) => setAssetId(e.currentTarget.value)}
            data={[{ value: '', label: 'The whole site' }, ...assets.map((a) => ({ value: a.id, label: `Asset: ${[a.type, a.location].filter(Boolean).join(', ')}` }))]}
          />
          <SimpleGrid cols={2}>
            <TextInput label="Valid from (optional)" description="Empty: from now." type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.validFrom} />
            <TextInput label="Valid until (optional)" description="Empty: until removed. Ends at the end of that day." type="date" value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={errors.validUntil} />
          </SimpleGrid>
          <Checkbox label="Visible to engineers" description="Shown on the engineers’ phones with the job." checked={visible} onChange={(e) => setVisible(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!typeId}>
              Add warning
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
