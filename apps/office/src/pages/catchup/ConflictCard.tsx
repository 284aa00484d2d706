import { Badge, Paper, Radio, Stack, Table, Text } from '@mantine/core';
import { VISIT_STATUS_LABELS, type TCatchupChoice, type TCatchupField, type TCatchupOutcome, type TVisitStatus } from '@fieldkeep/domain';
import { formatDateTime, formatTime } from '../../format/dates';

/** A value as people read it: times in the tenant's zone, statuses in words, "not recorded" for none. */
export function showValue(f: TCatchupField, v: string | null): string {
  if (v === null || v === '') return 'not recorded';
  if (f.format === 'time') return f.field === 'at' ? formatDateTime(v) : formatTime(v);
  if (f.format === 'status') return VISIT_STATUS_LABELS[v as TVisitStatus] ?? v;
  return v;
}

interface Props {
  entryNumber: number;
  outcome: TCatchupOutcome;
  choice: TCatchupChoice | undefined;
  onChoose: (choice: TCatchupChoice) => void;
}

/**
 * A paper entry that clashes with what a phone synced: both sets of values side by side (a
 * differing value is marked in words, not by colour alone), and the choices for this entry.
 */
export function ConflictCard({ entryNumber, outcome, choice, onChoose }: Props) {
  const conflict = outcome.conflict;
  if (!conflict) return null;
  const label = `Entry ${entryNumber}: synced and paper values`;
  return (
    <Paper withBorder p="sm" radius="sm" bg="var(--mantine-color-yellow-0)" role="group" aria-label={`Entry ${entryNumber} clashes with synced values`}>
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          {conflict.message}
        </Text>
        <Table withTableBorder withColumnBorders aria-label={label} maw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120} />
              <Table.Th>Synced from the phone</Table.Th>
              <Table.Th>On the paper sheet</Table.Th>
              <Table.Th w={110}>Same?</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conflict.fields.map((f) => (
              <Table.Tr key={f.field}>
                <Table.Th scope="row">{f.label}</Table.Th>
                <Table.Td>{showValue(f, f.synced)}</Table.Td>
                <Table.Td fw={f.differs ? 700 : undefined}>{showValue(f, f.paper)}</Table.Td>
                <Table.Td>
                  {f.differs ? (
                    <Badge color="orange" variant="light" style={{ textTransform: 'none' }}>
                      Differs
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      Same
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Radio.Group label={`What should be kept for entry ${entryNumber}?`} value={choice ?? null} onChange={(v) => onChoose(v as TCatchupChoice)} withAsterisk>
          <Stack gap={6} mt={6}>
            {conflict.choices.map((c) => (
              <Radio key={c} value={c} label={conflict.choiceLabels[c] ?? c} />
            ))}
          </Stack>
        </Radio.Group>
      </Stack>
    </Paper>
  );
}
