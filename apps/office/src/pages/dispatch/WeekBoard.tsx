import { Box, Paper, Stack, Table, Text } from '@mantine/core';
import { addDays, type TBoard } from '@fieldkeep/domain';
import { useState } from 'react';
import { formatDay, formatHours } from '../../format/dates';
import { minutesInDay } from './boardLayout';
import { dropHandlers, useBoardDnd } from './boardDnd';
import { EngineerCell, loadText } from './EngineerCell';
import { VisitBlock } from './VisitBlock';

/** Seven days: a cell per engineer and day with its visits and hours; drop a job on a cell to book it that day. */
export function WeekBoard({ board }: { board: TBoard }) {
  const dates = Array.from({ length: board.days }, (_, i) => addDays(board.date, i));
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={880}>
        <Table withColumnBorders layout="fixed" aria-label={`Engineers' week from ${formatDay(board.date, false)}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>Engineer</Table.Th>
              {dates.map((d) => (
                <Table.Th key={d}>{formatDay(d, false)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {board.engineers.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Th scope="row" style={{ verticalAlign: 'top', fontWeight: 400 }}>
                  <EngineerCell engineer={e} days={e.days} />
                </Table.Th>
                {dates.map((d) => (
                  <WeekCell key={d} board={board} engineer={e} date={d} />
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function WeekCell({ board, engineer, date }: { board: TBoard; engineer: TBoard['engineers'][number]; date: string }) {
  const dnd = useBoardDnd();
  const [hover, setHover] = useState(false);
  const day = engineer.days.find((x) => x.date === date);
  const visits = board.visits
    .filter((v) => v.engineerIds.includes(engineer.id) && minutesInDay(v.startsAt, date) < 1440 && minutesInDay(v.endsAt, date) > 0)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const drop = dropHandlers(
    dnd,
    (p) => p.kind === 'job' || p.kind === 'visit',
    () => ({ kind: 'slot', engineerId: engineer.id, date, time: null }),
    setHover,
  );
  return (
    <Table.Td
      {...drop}
      aria-label={`${engineer.name}, ${formatDay(date, false)}: ${loadText(day)}`}
      style={{ verticalAlign: 'top', background: hover ? 'var(--mantine-color-yellow-0)' : day?.capacityMinutes === 0 ? 'var(--mantine-color-gray-0)' : undefined }}
    >
      <Stack gap={4}>
        <DayLoad day={day} />
        {visits.map((v) => (
          <Box key={v.id}>
            <VisitBlock visit={v} engineerId={engineer.id} compact />
          </Box>
        ))}
      </Stack>
    </Table.Td>
  );
}

/** The day's hours in a narrow cell: "4.5 of 8.5 h" and, in words, whether there is room. */
function DayLoad({ day }: { day: TBoard['engineers'][number]['days'][number] | undefined }) {
  if (!day || day.capacityMinutes === 0) {
    return (
      <Text size="xs" c="dimmed">
        Not working{day && day.bookedMinutes > 0 ? ` (${formatHours(day.bookedMinutes)} booked)` : ''}
      </Text>
    );
  }
  const free = day.capacityMinutes - day.bookedMinutes;
  return (
    <Text size="xs" lh={1.3}>
      {formatHours(day.bookedMinutes).replace(' h', '')} of {formatHours(day.capacityMinutes)}
      <br />
      <Text span size="xs" fw={700} c={day.underAllocated ? 'orange.9' : 'green.9'}>
        {day.underAllocated ? `${formatHours(free)} free` : 'Full'}
      </Text>
    </Text>
  );
}
