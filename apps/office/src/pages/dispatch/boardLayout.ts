import type { TBoardVisit } from '@fieldkeep/domain';
import { toZonedParts } from '../../format/dates';

/** The day view's time axis, in the tenant's zone: 07:00 to 19:00. */
export const AXIS_START = 7 * 60;
export const AXIS_END = 19 * 60;
export const AXIS_MINUTES = AXIS_END - AXIS_START;
export const SNAP_MINUTES = 30;
export const LANE_HEIGHT = 64;

export const AXIS_HOURS = Array.from({ length: AXIS_MINUTES / 60 + 1 }, (_, i) => AXIS_START / 60 + i);

export const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes since local midnight of `date` (negative before it, over 1440 after it). */
export function minutesInDay(iso: string, date: string): number {
  const p = toZonedParts(iso);
  const [h, m] = p.time.split(':').map(Number) as [number, number];
  const dayShift = Math.round((Date.parse(`${p.date}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
  return dayShift * 1440 + h * 60 + m;
}

/** Left and width of a visit on the axis, as percentages; undefined when it is outside the axis. */
export function blockPosition(v: Pick<TBoardVisit, 'startsAt' | 'endsAt'>, date: string): { left: number; width: number } | undefined {
  const s = Math.max(AXIS_START, minutesInDay(v.startsAt, date));
  const e = Math.min(AXIS_END, minutesInDay(v.endsAt, date));
  if (e <= s) return undefined;
  return { left: ((s - AXIS_START) / AXIS_MINUTES) * 100, width: ((e - s) / AXIS_MINUTES) * 100 };
}

/** The axis time under a pointer x within the row's timeline, snapped to half hours. */
export function timeAtX(x: number, width: number): string {
  const raw = AXIS_START + (Math.min(Math.max(x, 0), width) / width) * AXIS_MINUTES;
  const snapped = Math.min(AXIS_END - SNAP_MINUTES, Math.floor(raw / SNAP_MINUTES) * SNAP_MINUTES);
  return hhmm(snapped);
}

/** Overlapping visits in one engineer's row go on separate lanes; returns each visit's lane and the lane count. */
export function assignLanes(visits: TBoardVisit[]): { lanes: Map<string, number>; count: number } {
  const sorted = [...visits].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const laneEnds: string[] = [];
  const lanes = new Map<string, number>();
  for (const v of sorted) {
    let lane = laneEnds.findIndex((end) => end <= v.startsAt);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = v.endsAt;
    lanes.set(v.id, lane);
  }
  return { lanes, count: Math.max(1, laneEnds.length) };
}

/** What is being dragged on the board. */
export type DragPayload =
  | { kind: 'job'; jobId: string }
  | { kind: 'visit'; visitId: string; fromEngineerId: string }
  | { kind: 'engineer'; engineerId: string };

/** Where something was dropped. */
export type DropTarget = { kind: 'slot'; engineerId: string; date: string; time: string | null } | { kind: 'visit'; visitId: string };

export const DRAG_MIME = 'application/x-fieldkeep-board';
