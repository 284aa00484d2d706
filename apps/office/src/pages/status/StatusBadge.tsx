import { Badge, type MantineColor } from '@mantine/core';
import { STATUS_LEVEL_LABELS, type TStatusLevel } from '@fieldkeep/domain';

const LOOK: Record<TStatusLevel, { color: MantineColor; variant: 'filled' | 'light'; mark: string }> = {
  red: { color: 'red', variant: 'filled', mark: '✕' },
  amber: { color: 'orange', variant: 'filled', mark: '!' },
  green: { color: 'green', variant: 'light', mark: '✓' },
  grey: { color: 'gray', variant: 'light', mark: '–' },
};

/** Green, amber, red or grey — always with its meaning in words and a mark, never by colour alone. */
export function StatusBadge({ status, size = 'md' }: { status: TStatusLevel; size?: 'sm' | 'md' | 'lg' }) {
  const look = LOOK[status];
  return (
    <Badge
      color={look.color}
      variant={look.variant}
      size={size}
      data-status={status}
      style={{ flexShrink: 0, maxWidth: 'none' }}
      styles={{ label: { overflow: 'visible' } }}
      leftSection={<span aria-hidden>{look.mark}</span>}
    >
      {STATUS_LEVEL_LABELS[status]}
    </Badge>
  );
}
