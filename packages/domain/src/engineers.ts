import { z } from 'zod';
import { ZId } from './ids.js';
import { ZSkill } from './jobs.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type TWeekday = (typeof WEEKDAYS)[number];

const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
export const ZShift = z
  .object({ start: ZClockTime, end: ZClockTime })
  .refine((s) => s.end > s.start, { message: 'A shift ends after it starts.', path: ['end'] });
export type TShift = z.infer<typeof ZShift>;

/** Working hours by weekday in the tenant's time zone; null = not working that day. */
export const ZWorkingHours = z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, ZShift.nullable()])) as Record<TWeekday, z.ZodNullable<typeof ZShift>>);
export type TWorkingHours = z.infer<typeof ZWorkingHours>;

export const DEFAULT_WORKING_HOURS: TWorkingHours = {
  mon: { start: '08:00', end: '16:30' },
  tue: { start: '08:00', end: '16:30' },
  wed: { start: '08:00', end: '16:30' },
  thu: { start: '08:00', end: '16:30' },
  fri: { start: '08:00', end: '16:00' },
  sat: null,
  sun: null,
};

export const ZEngineer = z
  .object({ id: ZId, name: z.string(), login: z.string(), skills: z.array(z.string()), workingHours: ZWorkingHours })
  .meta({ id: 'Engineer' });
export type TEngineer = z.infer<typeof ZEngineer>;
export const ZUpdateEngineerRequest = z
  .object({ skills: z.array(ZSkill).max(30).optional(), workingHours: ZWorkingHours.optional() })
  .strict()
  .meta({ id: 'UpdateEngineerRequest' });
export const ZEngineerList = z.object({ engineers: z.array(ZEngineer) }).meta({ id: 'EngineerList' });

export function shiftMinutes(s: TShift | null): number {
  if (!s) return 0;
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(s.end) - m(s.start);
}

/** Weekday of a calendar date (YYYY-MM-DD), independent of the machine's time zone. */
export function weekdayOf(date: string): TWeekday {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(d + 6) % 7]!;
}

export const capacityMinutesOn = (hours: TWorkingHours, date: string): number => shiftMinutes(hours[weekdayOf(date)]);
