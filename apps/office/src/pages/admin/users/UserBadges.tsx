import { Badge, Group, Text } from '@mantine/core';
import type { TUser } from '@fieldkeep/domain';
import { formatDateTime, isFuture } from '../../../format/dates';

/** Status in words (colour only repeats what the text says). */
export function UserStatusBadges({ user }: { user: TUser }) {
  const locked = isFuture(user.lockedUntil);
  return (
    <Group gap={4} style={{ flexWrap: 'wrap' }}>
      {user.disabled && <Badge miw="fit-content" color="gray">Disabled</Badge>}
      {locked && (
        <>
          <Badge miw="fit-content" color="red">
            Locked
          </Badge>
          <Text size="xs">until {formatDateTime(user.lockedUntil)}</Text>
        </>
      )}
      {!user.hasPassword && <Badge miw="fit-content" color="yellow">{user.email ? 'Invited' : 'No password'}</Badge>}
      {!user.disabled && !locked && user.hasPassword && <Badge miw="fit-content" color="green">Active</Badge>}
    </Group>
  );
}

export function EmailCell({ user }: { user: TUser }) {
  if (user.email) return <>{user.email}</>;
  return (
    <Badge color="yellow" h="auto" py={2} styles={{ label: { whiteSpace: 'normal', textTransform: 'none' } }}>
      No email — cannot reset password
    </Badge>
  );
}

export function userStatusText(user: TUser): string {
  if (user.disabled) return 'Disabled';
  if (isFuture(user.lockedUntil)) return 'Locked';
  if (!user.hasPassword) return user.email ? 'Invited' : 'No password';
  return 'Active';
}
