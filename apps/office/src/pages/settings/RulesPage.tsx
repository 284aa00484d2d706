import { Button, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import type { TAllocationRule } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Notice } from '../../components/Notice';
import { useLoad } from '../../components/useLoad';
import { AddRuleModal } from './AddRuleModal';
import { ruleSentence } from './ruleWords';

/** The tenant's allocation rules in plain words; switch them on and off, add new ones. */
export function RulesPage() {
  const data = useLoad(async () => {
    const [r, t] = await Promise.all([api.listRules(), api.listWarningTypes()]);
    return { rules: r.rules, types: t.warningTypes };
  }, []);
  const [adding, setAdding] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const types = data.data?.types ?? [];

  const toggle = async (rule: TAllocationRule, active: boolean) => {
    setBusyId(rule.id);
    setError(null);
    try {
      const { rule: next } = await api.updateRule(rule.id, { active });
      data.setData((d) => d && { ...d, rules: d.rules.map((r) => (r.id === next.id ? next : r)) });
      setNotice(`“${rule.name}” is switched ${active ? 'on' : 'off'}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusyId(null);
    }
  };

  const columns: Column<TAllocationRule>[] = [
    { key: 'name', header: 'Rule', render: (r) => <Text fw={600}>{r.name}</Text>, sortValue: (r) => r.name },
    { key: 'words', header: 'What it does', render: (r) => ruleSentence(r.condition, r.outcome, types), sortValue: (r) => r.outcome.kind },
    {
      key: 'active',
      header: 'On or off',
      sortValue: (r) => (r.active ? 0 : 1),
      render: (r) => (
        <Switch
          checked={r.active}
          disabled={busyId === r.id}
          onChange={(e) => void toggle(r, e.currentTarget.checked)}
          label={r.active ? 'On' : 'Off'}
          aria-label={`${r.name} switched on`}
        />
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Allocation rules</Title>
        <Button onClick={() => setAdding(true)} disabled={!data.data}>
          Add rule
        </Button>
      </Group>
      <Text c="dimmed">Checked every time a job is allocated, on the board and by the server. Switching a rule off stops it applying at once.</Text>
      <Notice text={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={error} title="Could not change the rule" />
      <ErrorAlert error={data.error} title="Could not load the rules. Reload the page." />
      {!data.data ? (
        !data.error && <Loader aria-label="Loading rules" />
      ) : (
        <DataTable caption="Allocation rules" columns={columns} rows={data.data.rules} rowKey={(r) => r.id} empty="No rules: any allocation is allowed." />
      )}
      {adding && (
        <AddRuleModal
          types={types}
          onClose={() => setAdding(false)}
          onSaved={(rule) => {
            setAdding(false);
            data.setData((d) => d && { ...d, rules: [...d.rules, rule] });
            setNotice(`“${rule.name}” is added and on.`);
          }}
        />
      )}
    </Stack>
  );
}
