import { Box, Paper, Text } from '@mantine/core';
import type { TBoard } from '@fieldkeep/domain';
import { useState } from 'react';
import { formatDay, formatTime } from '../../format/dates';
import { AXIS_HOURS, AXIS_MINUTES, AXIS_START, assignLanes, blockPosition, LANE_HEIGHT, timeAtX } from './boardLayout';
import { dropHandlers, useBoardDnd } from './boardDnd';
import { EngineerCell } from './EngineerCell';
import { VisitBlock } from './VisitBlock';

const NAME_WIDTH = 190;

/** One day: engineers as rows, a 07:00–19:00 axis, visits as blocks placed by time. */
export function DayBoard({ board }: { board: TBoard }) {
  const day = formatDay(board.date, false);
  return (
    <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
      <Box miw={900} role="table" aria-label={`Engineers' visits on ${day}`}>
        <Box role="row" style={{ display: 'flex', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Box role="columnheader" w={NAME_WIDTH} p={6} style={{ flex: 'none' }}>
            <Text size="sm" fw={700}>
              Engineer
            </Text>
          </Box>
          <Box role="columnheader" style={{ position: 'relative', flex: 1, height: 28 }} aria-label="Time of day, 07:00 to 19:00">
            {AXIS_HOURS.map((h) => (
              <Text
                key={h}
                size="xs"
                aria-hidden="true"
                style={{ position: 'absolute', left: `${(((h * 60 - AXIS_START) / AXIS_MINUTES) * 100).toFixed(3)}%`, top: 6, transform: 'translateX(-50%)' }}
              >
                {h < 19 && h > 7 ? `${String(h).padStart(2, '0')}:00` : ''}
              </Text>
            ))}
          </Box>
        </Box>
        {board.engineers.map((e) => (
          <EngineerRow key={e.id} board={board} engineer={e} dayLabel={day} />
        ))}
        {board.engineers.length === 0 && (
          <Text p="md" c="dimmed">
            No engineers yet. Add users with the engineer role.
          </Text>
        )}
      </Box>
    </Paper>
  );
}

function EngineerRow({ board, engineer, dayLabel }: { board: TBoard; engineer: TBoard['engineers'][number]; dayLabel: string }) {
  const dnd = useBoardDnd();
  const [hover, setHover] = useState(false);
  const visits = board.visits.filter((v) => v.engineerIds.includes(engineer.id));
  const { lanes, count } = assignLanes(visits);
  const outside = visits.filter((v) => !blockPosition(v, board.date));
  const drop = dropHandlers(
    dnd,
    (p) => p.kind === 'job' || p.kind === 'visit',
    (e) => {
      const rect = e.currentTarget.getBoundingClientRect();
      return { kind: 'slot', engineerId: engineer.id, date: board.date, time: timeAtX(e.clientX - rect.left, rect.width) };
    },
    setHover,
  );
  return (
    <Box role="row" style={{ display: 'flex', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Box role="rowheader" w={NAME_WIDTH} style={{ flex: 'none', borderRight: '1px solid var(--mantine-color-gray-3)' }}>
        <EngineerCell engineer={engineer} days={engineer.days} />
      </Box>
      <Box
        role="cell"
        aria-label={`${engineer.name}, ${dayLabel}: ${visits.length === 1 ? '1 visit' : `${visits.length} visits`}`}
        {...drop}
        style={{
          position: 'relative',
          flex: 1,
          minHeight: count * LANE_HEIGHT + 8,
          background: hover ? 'var(--mantine-color-yellow-0)' : undefined,
          backgroundImage: `repeating-linear-gradient(to right, var(--mantine-color-gray-2) 0 1px, transparent 1px ${(100 / (AXIS_MINUTES / 60)).toFixed(4)}%)`,
        }}
      >
        {outside.length > 0 && (
          // Before 07:00 or after 19:00: not on the axis, but never hidden.
          <Text size="xs" style={{ position: 'absolute', right: 4, bottom: 2 }}>
            Also {outside.map((v) => `${v.jobReference} ${formatTime(v.startsAt)}`).join(', ')}
          </Text>
        )}
        {visits.map((v) => {
          const pos = blockPosition(v, board.date);
          if (!pos) return null;
          return (
            <VisitBlock
              key={v.id}
              visit={v}
              engineerId={engineer.id}
              style={{ position: 'absolute', left: `${pos.left}%`, width: `calc(${pos.width}% - 2px)`, top: 4 + (lanes.get(v.id) ?? 0) * LANE_HEIGHT, height: LANE_HEIGHT - 6 }}
            />
          );
        })}
      </Box>
    </Box>
  );
}
