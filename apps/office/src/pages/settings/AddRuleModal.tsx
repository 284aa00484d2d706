import { Alert, Button, Group, Modal, NativeSelect, NumberInput, Stack, TextInput } from '@mantine/core';
import { JOB_PRIORITIES, type TAllocationRule, type TJobPriority, type TRuleCondition, type TRuleOutcome, type TWarningType } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { api, fieldErrors } from '../../api/client';
import { PRIORITY_LABELS } from '../../components/badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { JOB_TYPE_OPTIONS } from '../../format/labels';
import { CONDITION_KINDS, OUTCOME_KINDS, ruleSentence } from './ruleWords';

/** A new allocation rule: a condition with its parameter, and an outcome; the sentence shows what it means. */
export function AddRuleModal({ types, onClose, onSaved }: { types: TWarningType[]; onClose: () => void; onSaved: (r: TAllocationRule) => void }) {
  const active = types.filter((t) => t.active);
  const [name, setName] = useState('');
  const [conditionKind, setConditionKind] = useState<TRuleCondition['kind']>('warning_type');
  const [warningTypeKey, setWarningTypeKey] = useState(active[0]?.key ?? '');
  const [jobType, setJobType] = useState<string>(JOB_TYPE_OPTIONS[0]!.value);
  const [priority, setPriority] = useState<TJobPriority>('emergency');
  const [outcomeKind, setOutcomeKind] = useState<TRuleOutcome['kind']>('require_engineers');
  const [count, setCount] = useState(2);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const condition: TRuleCondition =
    conditionKind === 'warning_type'
      ? { kind: conditionKind, warningTypeKey }
      : conditionKind === 'job_type'
        ? { kind: conditionKind, jobType }
        : conditionKind === 'priority'
          ? { kind: conditionKind, priority }
          : { kind: conditionKind };
  const outcome: TRuleOutcome = outcomeKind === 'require_engineers' ? { kind: outcomeKind, count } : { kind: outcomeKind };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { rule } = await api.createRule({ name: name.trim(), condition, outcome, active: true });
      onSaved(rule);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title="Add allocation rule" size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <ErrorAlert error={error} title="Could not add the rule. Check the marked fields." />
          <TextInput label="Rule name" description="Shown to planners when the rule applies, e.g. “Asbestos: two engineers”." required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldErrors(error).name} data-autofocus />
          <NativeSelect label="When" value={conditionKind} onChange={(e) => setConditionKind(e.currentTarget.value as TRuleCondition['kind'])} data={[...CONDITION_KINDS]} />
          {conditionKind === 'warning_type' && (
            <NativeSelect label="Warning type" value={warningTypeKey} onChange={(e) => setWarningTypeKey(e.currentTarget.value)} data={active.map((t) => ({ value: t.key, label: t.name }))} />
          )}
          {conditionKind === 'job_type' && <NativeSelect label="Job type" value={jobType} onChange={(e) => setJobType(e.currentTarget.value)} data={JOB_TYPE_OPTIONS} />}
          {conditionKind === 'priority' && (
            <NativeSelect
              label="Priority"
              value={priority}
              onChange={(e) => setPriority(e.currentTarget.value as TJobPriority)}
              data={JOB_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            />
          )}
          <NativeSelect label="Then" value={outcomeKind} onChange={(e) => setOutcomeKind(e.currentTarget.value as TRuleOutcome['kind'])} data={[...OUTCOME_KINDS]} />
          {outcomeKind === 'require_engineers' && (
            <NumberInput label="Number of engineers" min={2} max={10} value={count} onChange={(v) => setCount(typeof v === 'number' ? v : Number(v) || 2)} />
          )}
          <Alert color="blue" title="This rule says">
            {ruleSentence(condition, outcome, types)}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name.trim() || (conditionKind === 'warning_type' && !warningTypeKey)}>
              Add rule
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
