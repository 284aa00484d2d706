import { List, Stack, Text, ThemeIcon } from '@mantine/core';
import type { TFinding } from '@fieldkeep/domain';

const OUTCOME_WORDS: Record<TFinding['outcome'], string> = {
  block: 'Blocked',
  require_engineers: 'Needs more engineers',
  warn: 'Acknowledge',
};

/** Rule findings in words, each marked met or not met in text (not only by colour). */
export function FindingsList({ findings, hideWarnings }: { findings: TFinding[]; hideWarnings?: boolean }) {
  const shown = hideWarnings ? findings.filter((f) => f.outcome !== 'warn') : findings;
  if (shown.length === 0) return null;
  return (
    <List spacing="xs" listStyleType="none" aria-label="What the allocation rules say">
      {shown.map((f, i) => (
        <List.Item
          key={`${f.ruleId ?? 'job'}-${f.engineerId ?? ''}-${i}`}
          icon={
            <ThemeIcon color={f.satisfied ? 'green' : f.outcome === 'warn' ? 'orange' : 'red'} size={22} radius="xl" aria-hidden="true">
              {f.satisfied ? '✓' : f.outcome === 'block' ? '✕' : '!'}
            </ThemeIcon>
          }
        >
          <Stack gap={0}>
            <Text fw={600}>
              {f.satisfied ? 'Met' : OUTCOME_WORDS[f.outcome]}: {f.message}
            </Text>
            {f.ruleName !== f.message && (
              <Text size="sm" c="dimmed">
                Rule: {f.ruleName}
              </Text>
            )}
          </Stack>
        </List.Item>
      ))}
    </List>
  );
}
