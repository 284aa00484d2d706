import { Button, Group, Loader, NativeSelect, Stack, Switch, Text, Title } from '@mantine/core';
import type { TFormKind, TFormRuleCondition } from '@fieldkeep/domain';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { JOB_TYPE_OPTIONS } from '../../format/labels';
import { formRuleWords } from './formWords';

type Kind = TFormRuleCondition['kind'];
const KINDS: Array<{ value: Kind; label: string }> = [
  { value: 'always', label: 'Ask at every visit' },
  { value: 'job_type', label: 'For a job type' },
  { value: 'client', label: 'For a client' },
  { value: 'warning_type', label: 'When the site has a warning' },
];

/** Which visits (or, for a start-of-day check, which days) this form is asked at. */
export function FormRulesPanel({ formId, kind }: { formId: string; kind: TFormKind }) {
  const data = useLoad(async () => {
    const [r, c, w] = await Promise.all([api.listFormRules(), api.listClients({ limit: 200 }), api.listWarningTypes()]);
    return { rules: r.rules.filter((x) => x.formId === formId), clients: c.clients, types: w.warningTypes };
  }, [formId]);
  const [ruleKind, setRuleKind] = useState<Kind>('always');
  const [param, setParam] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const d = data.data;
  const names = {
    client: (id: string) => d?.clients.find((c) => c.id === id)?.name ?? 'a client',
    warningType: (key: string) => d?.types.find((t) => t.key === key)?.name ?? key,
  };
  const paramData =
    ruleKind === 'job_type'
      ? JOB_TYPE_OPTIONS
      : ruleKind === 'client'
        ? (d?.clients ?? []).map((c) => ({ value: c.id, label: c.name }))
        : ruleKind === 'warning_type'
          ? (d?.types ?? []).filter((t) => t.active).map((t) => ({ value: t.key, label: t.name }))
          : [];
  const chosen = param && paramData.some((o) => o.value === param) ? param : (paramData[0]?.value ?? '');
  const condition: TFormRuleCondition | null =
    ruleKind === 'always' ? { kind: 'always' } : !chosen ? null : ruleKind === 'job_type' ? { kind: ruleKind, jobType: chosen } : ruleKind === 'client' ? { kind: ruleKind, clientId: chosen } : { kind: ruleKind, warningTypeKey: chosen };

  const act = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await fn();
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="xs" component="section" aria-labelledby="form-rules-heading">
      <Title order={2} fz="lg" id="form-rules-heading">
        Which visits it applies to
      </Title>
      <Text size="sm" c="dimmed">
        {kind === 'job_completion' ? 'Every rule that is on and matches adds this form to the visit; the engineer answers it to finish.' : 'Every rule that is on and matches adds this form to the visit; the engineer answers it before work is recorded.'}
      </Text>
      <ErrorAlert error={error} title="Could not change the rules" />
      <ErrorAlert error={data.error} title="Could not load the rules. Reload the page." />
      {!d ? (
        !data.error && <Loader size="sm" aria-label="Loading the rules" />
      ) : d.rules.length === 0 ? (
        <Text size="sm">No rules: this form is never asked. Add one below.</Text>
      ) : (
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Rules for this form">
          {d.rules.map((r) => {
            const words = formRuleWords(r.condition, names);
            return (
              <Group component="li" key={r.id} justify="space-between" wrap="nowrap">
                <Text size="sm" td={r.active ? undefined : 'line-through'}>
                  {words}
                </Text>
                <Switch checked={r.active} disabled={busy === r.id} label={r.active ? 'On' : 'Off'} aria-label={`${words}: on`} onChange={(e) => void act(r.id, () => api.setFormRuleActive(r.id, e.currentTarget.checked))} />
              </Group>
            );
          })}
        </Stack>
      )}
      <Group align="flex-end" gap="xs">
        <NativeSelect label="New rule" value={ruleKind} onChange={(e) => setRuleKind(e.currentTarget.value as Kind)} data={KINDS} />
        {ruleKind !== 'always' && (
          <NativeSelect
            label={ruleKind === 'job_type' ? 'Job type' : ruleKind === 'client' ? 'Client' : 'Warning type'}
            value={chosen}
            onChange={(e) => setParam(e.currentTarget.value)}
            data={paramData.length ? paramData : [{ value: '', label: 'None to choose from' }]}
            maw={240}
          />
        )}
        <Button variant="light" disabled={!condition || !d} loading={busy === 'new'} onClick={() => condition && void act('new', () => api.createFormRule(formId, condition))}>
          Add rule
        </Button>
      </Group>
    </Stack>
  );
}
