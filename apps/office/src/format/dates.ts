import { localDate, zonedTimeToUtc } from '@fieldkeep/domain';

/**
 * Every date and time on screen is shown in the tenant's time zone (the session says which), so a
 * planner abroad and one in the office see the same "09:00". Until the session is known, the
 * browser's zone is used.
 */
let zone: string | undefined;
let formatters = build(undefined);

function build(timeZone: string | undefined) {
  return {
    dateTime: new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
    time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    dayShort: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }),
    clock: new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  };
}
// Calendar dates (YYYY-MM-DD) name a day, not an instant: format them at noon UTC in UTC.
const calendarLong = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const calendarShort = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });

export function setDisplayTimeZone(timeZone: string | undefined): void {
  if (timeZone === zone) return;
  zone = timeZone;
  formatters = build(timeZone);
}

/** The zone dates are shown in (the tenant's once signed in). */
export function displayTimeZone(): string {
  return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const valid = (iso: string) => !Number.isNaN(new Date(iso).getTime());

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return valid(iso) ? formatters.dateTime.format(new Date(iso)) : iso;
}

/** "09:30" in the tenant's zone. */
export function formatTime(iso: string): string {
  return valid(iso) ? formatters.time.format(new Date(iso)) : iso;
}

/** A recent moment, short: "14:05" when it is today in the tenant's zone, else "Mon 23 Nov, 14:05". */
export function formatRecent(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '—';
  if (!valid(iso)) return iso;
  const tz = displayTimeZone();
  return localDate(iso, tz) === localDate(now, tz) ? formatTime(iso) : `${formatters.dayShort.format(new Date(iso))}, ${formatTime(iso)}`;
}

/** "Tue 24 Nov, 09:00–11:00" (the end's day is added when the visit runs past midnight). */
export function formatTimeRange(startIso: string, endIso: string): string {
  if (!valid(startIso) || !valid(endIso)) return `${startIso} – ${endIso}`;
  const tz = displayTimeZone();
  const sameDay = localDate(startIso, tz) === localDate(endIso, tz);
  const start = `${formatters.dayShort.format(new Date(startIso))}, ${formatTime(startIso)}`;
  return sameDay ? `${start}–${formatTime(endIso)}` : `${start} – ${formatters.dayShort.format(new Date(endIso))}, ${formatTime(endIso)}`;
}

/** A calendar date (YYYY-MM-DD) in words: "Tue 24 Nov 2026". */
export function formatDay(date: string | null | undefined, withYear = true): string {
  if (!date) return '—';
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return (withYear ? calendarLong : calendarShort).format(d);
}

/** Today's date (YYYY-MM-DD) in the tenant's zone. */
export function todayInZone(now = new Date()): string {
  return localDate(now, displayTimeZone());
}

/** The local date and "HH:MM" of an instant in the tenant's zone (for date and time inputs). */
export function toZonedParts(iso: string): { date: string; time: string } {
  return { date: localDate(iso, displayTimeZone()), time: formatters.clock.format(new Date(iso)) };
}

/** The instant of a local date and time in the tenant's zone, as an ISO string. */
export function fromZonedParts(date: string, time: string): string {
  return zonedTimeToUtc(date, time, displayTimeZone()).toISOString();
}

/** Minutes as hours for people: 390 → "6.5 h", 480 → "8 h". */
export function formatHours(minutes: number): string {
  const h = Math.round(minutes / 6) / 10;
  return `${h} h`;
}

const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/** Server messages carry timestamps in ISO form ("locked until 2026-…Z"): show them as local dates. */
export function localiseTimestamps(text: string): string {
  return text.replace(ISO_TIMESTAMP, (iso) => formatDateTime(iso));
}

export function isFuture(iso: string | null | undefined, now = Date.now()): boolean {
  return !!iso && new Date(iso).getTime() > now;
}
