import { Alert, Checkbox, Group, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import type { TAllocationCheck } from '@fieldkeep/domain';
import { FindingsList } from '../../components/FindingsList';
import { engineersText } from '../../format/labels';

interface Props {
  check: TAllocationCheck | null;
  checking: boolean;
  engineerCount: number;
  acknowledged: string[];
  onAcknowledge: (ruleId: string, on: boolean) => void;
  /** Engineers not yet on the visit, for "add another engineer" right where the need is shown. */
  others: Array<{ id: string; name: string }>;
  onAddEngineer: (engineerId: string) => void;
}

/** What the rules say about the proposed allocation, live: blocked, needs more engineers, acknowledge. */
export function AllocationOutcome({ check, checking, engineerCount, acknowledged, onAcknowledge, others, onAddEngineer }: Props) {
  if (!check) {
    return checking ? (
      <Group gap="xs">
        <Loader size="sm" aria-hidden="true" />
        <Text>Checking the allocation rules…</Text>
      </Group>
    ) : null;
  }
  const blocks = check.findings.filter((f) => f.outcome === 'block');
  const needs = check.findings.filter((f) => f.outcome === 'require_engineers' && !f.satisfied);
  const warns = [...new Map(check.findings.filter((f) => f.outcome === 'warn' && f.ruleId).map((f) => [f.ruleId!, f])).values()];
  const warnMessages = (ruleId: string) =>
    check.findings
      .filter((f) => f.outcome === 'warn' && f.ruleId === ruleId)
      .map((f) => f.message)
      .join('; ');

  return (
    <Stack gap="sm" aria-live="polite" aria-busy={checking}>
      {blocks.length > 0 && (
        <Alert color="red" variant="filled" title="Blocked: this allocation cannot be saved" role="alert">
          {blocks.map((f, i) => (
            <Text key={i}>{f.message}</Text>
          ))}
        </Alert>
      )}
      {needs.length > 0 && (
        <Alert color="red" variant="light" title={`Refused: needs ${engineersText(check.requiredEngineers)}, ${engineerCount} chosen`} role="alert">
          <Stack gap="xs">
            {needs.map((f, i) => (
              <Text key={i} fw={600}>
                {f.message}
              </Text>
            ))}
            {others.length > 0 && (
              <NativeSelect
                label="Add another engineer"
                value=""
                onChange={(e) => e.currentTarget.value && onAddEngineer(e.currentTarget.value)}
                data={[{ value: '', label: 'Choose an engineer…' }, ...others.map((o) => ({ value: o.id, label: o.name }))]}
                maw={320}
              />
            )}
          </Stack>
        </Alert>
      )}
      {warns.length > 0 && (
        <Alert color="orange" variant="light" title="Read and acknowledge before allocating">
          <Stack gap="xs">
            {warns.map((f) => (
              <Checkbox
                key={f.ruleId}
                checked={acknowledged.includes(f.ruleId!)}
                onChange={(e) => onAcknowledge(f.ruleId!, e.currentTarget.checked)}
                label={`I have read this: ${warnMessages(f.ruleId!)}`}
                description={f.ruleName !== f.message ? `Rule: ${f.ruleName}` : undefined}
              />
            ))}
          </Stack>
        </Alert>
      )}
      {check.allowed ? (
        <Alert color="green" variant="light" title="Allowed">
          The rules allow this allocation{check.findings.length ? ' (everything below is met)' : ''}.
        </Alert>
      ) : (
        blocks.length === 0 &&
        needs.length === 0 &&
        engineerCount === 0 && <Text fw={600}>Choose at least one engineer.</Text>
      )}
      {check.findings.length > 0 && (
        <details>
          <summary>All rule findings ({check.findings.length})</summary>
          <FindingsList findings={check.findings} />
        </details>
      )}
    </Stack>
  );
}
