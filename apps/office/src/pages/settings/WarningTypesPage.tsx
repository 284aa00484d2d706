import { Badge, Button, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { TWarningType } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { SeverityBadge } from '../../components/badges';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { WarningTypeModal } from './WarningTypeModal';

/** The kinds of warning a site can carry; retired types stay on old warnings but cannot be chosen. */
export function WarningTypesPage() {
  const types = useLoad(() => api.listWarningTypes().then((r) => r.warningTypes), []);
  const [dialog, setDialog] = useState<TWarningType | 'new' | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const replace = (t: TWarningType) => types.setData((list) => (list?.some((x) => x.id === t.id) ? list.map((x) => (x.id === t.id ? t : x)) : [...(list ?? []), t]));

  const setActive = async (t: TWarningType, active: boolean) => {
    setBusyId(t.id);
    setError(null);
    try {
      replace((await api.updateWarningType(t.id, { active })).warningType);
      setNotice(active ? `“${t.name}” is back in use.` : `“${t.name}” is retired: it can no longer be chosen for new warnings.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  };

  const columns: Column<TWarningType>[] = [
    { key: 'name', header: 'Name', render: (t) => <Text fw={600}>{t.name}</Text>, sortValue: (t) => t.name },
    { key: 'key', header: 'Key', render: (t) => <Code>{t.key}</Code>, sortValue: (t) => t.key },
    { key: 'severity', header: 'Default severity', render: (t) => <SeverityBadge severity={t.defaultSeverity} />, sortValue: (t) => t.defaultSeverity },
    {
      key: 'status',
      header: 'Status',
      render: (t) => <Badge color={t.active ? 'green' : 'gray'} variant="light">{t.active ? 'In use' : 'Retired'}</Badge>,
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
        <Title order={1}>Warning types</Title>
        <Button onClick={() => setDialog('new')}>Add warning type</Button>
      </Group>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not change the warning type" />
      <ErrorAlert error={types.error} title="Could not load the warning types. Reload the page." />
      {!types.data ? (
        !types.error && <Loader aria-label="Loading warning types" />
      ) : (
        <DataTable caption="Warning types" columns={columns} rows={types.data} rowKey={(t) => t.id} initialSort={{ key: 'name', direction: 'asc' }} empty="No warning types." />
      )}
      {dialog && (
        <WarningTypeModal
          type={dialog === 'new' ? undefined : dialog}
          onClose={() => setDialog(null)}
          onSaved={(t) => {
            setDialog(null);
            replace(t);
            setNotice(`“${t.name}” is saved.`);
          }}
        />
      )}
    </Stack>
  );
}
