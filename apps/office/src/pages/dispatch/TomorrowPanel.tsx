import { Group, Paper, Text, Title } from '@mantine/core';
import type { TBoard } from '@fieldkeep/domain';
import { formatDay, formatHours } from '../../format/dates';

/**
 * Who has less than a full day booked: the planner fills these before the evening, so everyone
 * can start from home with a full day on the phone.
 */
export function TomorrowPanel({ board, isTomorrow }: { board: TBoard; isTomorrow: boolean }) {
  const under = board.engineers
    .map((e) => ({ e, day: e.days[0] }))
    .filter((x) => x.day?.underAllocated)
    .map(({ e, day }) => ({ id: e.id, name: e.name, free: day!.capacityMinutes - day!.bookedMinutes, booked: day!.bookedMinutes, capacity: day!.capacityMinutes }))
    .sort((a, b) => b.free - a.free);
  const title = isTomorrow ? 'Who needs more work tomorrow' : `Who needs more work on ${formatDay(board.date, false)}`;
  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="needs-work-heading" bg={under.length ? 'orange.0' : 'green.0'}>
      <Group gap="xs" align="baseline" mb={6}>
        <Title order={2} fz="lg" id="needs-work-heading">
          {title}
        </Title>
        <Text size="sm">
          {under.length === 0
            ? 'Nobody: every working engineer is booked for their whole shift.'
            : `${under.length === 1 ? '1 engineer has' : `${under.length} engineers have`} free time, most first. Drag a job onto their row.`}
        </Text>
      </Group>
      {under.length > 0 && (
        <Group component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }} aria-label={title}>
          {under.map((u) => (
            <Paper component="li" key={u.id} withBorder px={8} py={2} radius="sm" bg="white">
              <Text size="sm">
                <Text span fw={700}>
                  {u.name}
                </Text>
                : {formatHours(u.free)} free of {formatHours(u.capacity)}
              </Text>
            </Paper>
          ))}
        </Group>
      )}
    </Paper>
  );
}
