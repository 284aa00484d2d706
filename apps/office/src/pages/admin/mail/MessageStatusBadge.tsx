import { Badge } from '@mantine/core';
import type { TMessage } from '@fieldkeep/domain';

const LOOK: Record<TMessage['status'], { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'yellow' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

export function MessageStatusBadge({ status }: { status: TMessage['status'] }) {
  const { label, color } = LOOK[status];
  return <Badge color={color}>{label}</Badge>;
}
