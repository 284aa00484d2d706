import { Badge, Button, Group, Loader, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import type { TActivityType } from '../../api/forms';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';

function ActivityTypeModal({ type, onClose, onSaved }: { type?: TActivityType; onClose: () => void; onSaved: (name: string) => void }) {
  const [name, setName] = useState(type?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (type) await api.updateActivityType(type.id, { name: name.trim() });
      else await api.createActivityType(name.trim());
      onSaved(name.trim());
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={type ? `Rename ${type.name}` : 'Add activity type'}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not save the activity type" />
          <TextInput label="Name" description="What engineers pick on the phone, e.g. “Travel to merchant”." required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors(error).name} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim()}>
              {type ? 'Save' : 'Add activity type'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Non-productive time: the activities engineers start and stop on the phone. Retired types stay on old entries. */
export function ActivityTypesPage() {
  const types = useLoad(() => api.listActivityTypes().then((r) => r.activityTypes), []);
  const [dialog, setDialog] = useState<TActivityType | 'new' | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setActive = async (t: TActivityType, active: boolean) => {
    setBusyId(t.id);
    setError(null);
    try {
      await api.updateActivityType(t.id, { active });
      types.setData((list) => list?.map((x) => (x.id === t.id ? { ...x, active } : x)));
      setNotice(active ? `“${t.name}” is back on the phones.` : `“${t.name}” is retired: engineers can no longer start it; past time stays in the reports.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  };

  const columns: Column<TActivityType>[] = [
    { key: 'name', header: 'Name', render: (t) => <Text fw={600}>{t.name}</Text>, sortValue: (t) => t.name },
    {
      key: 'status',
      header: 'Status',
      render: (t) => (
        <Badge color={t.active ? 'green' : 'gray'} variant="light">
          {t.active ? 'In use' : 'Retired'}
        </Badge>
      ),
      sortValue: (t) => (t.active ? 0 : 1),
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (t) => (
        <Group gap={6} wrap="nowrap">
          <Button size="compact-sm" variant="light" onClick={() => setDialog(t)} aria-label={`Rename ${t.name}`}>
            Rename
          </Button>
          <Button size="compact-sm" variant="default" loading={busyId === t.id} onClick={() => void setActive(t, !t.active)} aria-label={`${t.active ? 'Retire' : 'Restore'} ${t.name}`}>
            {t.active ? 'Retire' : 'Restore'}
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Activity types</Title>
        <Button onClick={() => setDialog('new')}>Add activity type</Button>
      </Group>
      <Text c="dimmed">Time away from jobs (travel to a merchant, training, sickness…). Engineers start and stop these on the phone; the non-productive time report totals them.</Text>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not change the activity type" />
      <ErrorAlert error={types.error} title="Could not load the activity types. Reload the page." />
      {!types.data ? (
        !types.error && <Loader aria-label="Loading activity types" />
      ) : (
        <DataTable caption="Activity types" columns={columns} rows={types.data} rowKey={(t) => t.id} initialSort={{ key: 'name', direction: 'asc' }} empty="No activity types." minWidth={480} />
      )}
      {dialog && (
        <ActivityTypeModal
          type={dialog === 'new' ? undefined : dialog}
          onClose={() => setDialog(null)}
          onSaved={(name) => {
            setDialog(null);
            types.reload();
            setNotice(`“${name}” is saved.`);
          }}
        />
      )}
    </Stack>
  );
}
