import { Progress, Stack, Text } from '@mantine/core';
import type { TBoard } from '@fieldkeep/domain';
import { formatHours } from '../../format/dates';
import { useBoardDnd } from './boardDnd';

type BoardEngineer = TBoard['engineers'][number];
type Day = BoardEngineer['days'][number];

/** "booked 6.5 h of 8.5 h" for a day. */
export function loadText(day: Day | undefined): string {
  if (!day || day.capacityMinutes === 0) return day && day.bookedMinutes > 0 ? `booked ${formatHours(day.bookedMinutes)}, not a working day` : 'not working';
  const over = day.bookedMinutes - day.capacityMinutes;
  return `booked ${formatHours(day.bookedMinutes)} of ${formatHours(day.capacityMinutes)}${over > 0 ? `, ${formatHours(over)} over` : ''}`;
}

/** The engineer's name (draggable onto a visit to add them) and how full the day or week is, in words and a bar. */
export function EngineerCell({ engineer, days }: { engineer: BoardEngineer; days: Day[] }) {
  const dnd = useBoardDnd();
  const booked = days.reduce((s, d) => s + d.bookedMinutes, 0);
  const capacity = days.reduce((s, d) => s + d.capacityMinutes, 0);
  const text = days.length === 1 ? loadText(days[0]) : `booked ${formatHours(booked)} of ${formatHours(capacity)} this week`;
  const over = booked > capacity;
  const pct = capacity > 0 ? Math.min(100, (booked / capacity) * 100) : 0;
  const full = days.every((d) => !d.underAllocated);
  return (
    <Stack gap={2} p={6}>
      <Text
        fw={700}
        size="sm"
        draggable
        onDragStart={(e) => dnd.begin({ kind: 'engineer', engineerId: engineer.id }, e)}
        onDragEnd={dnd.end}
        style={{ cursor: 'grab' }}
        title={`Drag ${engineer.name} onto a visit to add them to it`}
      >
        {engineer.name}
      </Text>
      <Text size="xs">{text}</Text>
      {capacity > 0 && <Progress value={pct} color={over ? 'red' : full ? 'green' : 'orange'} size="sm" aria-label={`${engineer.name}: ${text}`} />}
    </Stack>
  );
}
