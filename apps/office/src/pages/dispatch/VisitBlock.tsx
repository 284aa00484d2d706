import { Box, Text } from '@mantine/core';
import { VISIT_STATUS_LABELS, type TBoardVisit } from '@fieldkeep/domain';
import { useState, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { warningsText } from '../../components/badges';
import { formatTime } from '../../format/dates';
import { dropHandlers, useBoardDnd } from './boardDnd';

interface Props {
  visit: TBoardVisit;
  engineerId: string;
  /** Positioned on the day view's time axis; in the week view it is a line in a cell. */
  style?: CSSProperties;
  compact?: boolean;
}

export const visitLabel = (v: TBoardVisit) =>
  [
    v.jobReference,
    `${formatTime(v.startsAt)}–${formatTime(v.endsAt)}`,
    `${v.siteName}, ${v.sitePostcode}`,
    VISIT_STATUS_LABELS[v.status],
    v.liveWarningCount ? warningsText(v.liveWarningCount) : null,
    v.openAlerts.length ? `At risk: ${v.openAlerts.join('; ')}` : null,
  ]
    .filter(Boolean)
    .join(', ');

const finished = (v: TBoardVisit) => v.status === 'completed' || v.status === 'aborted';

/**
 * A visit on the board: a link to its job, draggable to another engineer or time, and a drop target
 * for an engineer's name (to add them to the visit).
 */
export function VisitBlock({ visit: v, engineerId, style, compact }: Props) {
  const dnd = useBoardDnd();
  const [hover, setHover] = useState(false);
  const drop = dropHandlers(
    dnd,
    (p) => p.kind === 'engineer' && !v.engineerIds.includes(p.engineerId) && !finished(v),
    () => ({ kind: 'visit', visitId: v.id }),
    setHover,
  );
  const danger = v.liveWarningCount > 0 || v.openAlerts.length > 0;
  return (
    <Box
      component={Link}
      to={`/jobs/${v.jobId}`}
      aria-label={visitLabel(v)}
      title={visitLabel(v)}
      draggable={!finished(v)}
      onDragStart={(e) => dnd.begin({ kind: 'visit', visitId: v.id, fromEngineerId: engineerId }, e)}
      onDragEnd={dnd.end}
      {...drop}
      data-visit-id={v.id}
      style={{
        display: 'block',
        overflow: 'hidden',
        textDecoration: 'none',
        color: 'var(--mantine-color-text)',
        background: finished(v) ? 'var(--mantine-color-gray-1)' : hover ? 'var(--mantine-color-yellow-1)' : 'var(--mantine-color-indigo-0)',
        border: `1px solid ${danger ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-indigo-4)'}`,
        borderLeft: `5px solid ${danger ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-indigo-7)'}`,
        borderRadius: 4,
        padding: compact ? '2px 6px' : '3px 6px',
        cursor: finished(v) ? 'pointer' : 'grab',
        ...style,
      }}
    >
      <Text size="xs" fw={700} truncate="end" lh={1.35}>
        {v.jobReference}
        {danger && !compact && (
          <Text span size="xs" fw={700} c="red.9">
            {' '}
            ⚠ {v.liveWarningCount}
          </Text>
        )}
        {!compact && (
          <Text span size="xs" fw={400}>
            {' · '}
            {VISIT_STATUS_LABELS[v.status]}
          </Text>
        )}
      </Text>
      {compact && (
        <Text size="xs" truncate="end" lh={1.35}>
          {formatTime(v.startsAt)}–{formatTime(v.endsAt)}
        </Text>
      )}
      <Text size="xs" truncate="end" lh={1.35}>
        {v.siteName}
      </Text>
      <Text size="xs" truncate="end" lh={1.35} c="dimmed">
        {compact ? VISIT_STATUS_LABELS[v.status] : `${v.sitePostcode} · ${formatTime(v.startsAt)}–${formatTime(v.endsAt)}`}
      </Text>
      {compact && danger && (
        <Text size="xs" fw={700} c="red.9" lh={1.35}>
          ⚠ {warningsText(v.liveWarningCount)}
        </Text>
      )}
      {v.openAlerts.length > 0 && (
        // Raised by a form answer (e.g. "household isolating"): in words, not colour alone.
        <Text size="xs" fw={700} c="orange.9" lh={1.35} truncate="end">
          ● At risk: {v.openAlerts[0]}
          {v.openAlerts.length > 1 ? ` (+${v.openAlerts.length - 1})` : ''}
        </Text>
      )}
    </Box>
  );
}
