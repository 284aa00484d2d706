/**
 * Calendar days in a tenant's time zone. "Today's visits", "tomorrow" and an engineer's day all
 * mean the tenant's local day, whatever the server's or the browser's zone.
 */

// Making an Intl.DateTimeFormat costs far more than using one (a sync push asked for one per note):
// one of each kind per time zone, kept.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make();
    // Time zones in use are few; a bad or hostile caller must not grow this without end.
    if (cache.size >= 500) cache.clear();
    cache.set(timeZone, f);
  }
  return f;
}

function offsetMinutes(timeZone: string, at: Date): number {
  const parts = cached(
    offsetFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  ).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date | string, timeZone: string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return cached(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(d);
}

/** The UTC instant of a local wall-clock time (YYYY-MM-DD, HH:MM) in a time zone. */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset across a DST change.
  let guess = naive - offsetMinutes(timeZone, new Date(naive)) * 60_000;
  guess = naive - offsetMinutes(timeZone, new Date(guess)) * 60_000;
  return new Date(guess);
}

/** [start, end) of a local day as UTC ISO strings. */
export function dayRangeUtc(date: string, timeZone: string): { start: string; end: string } {
  return { start: zonedTimeToUtc(date, '00:00', timeZone).toISOString(), end: zonedTimeToUtc(addDays(date, 1), '00:00', timeZone).toISOString() };
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

export const minutesBetween = (startIso: string, endIso: string): number => Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000);
