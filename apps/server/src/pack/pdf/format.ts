/** Dates and times as printed in a pack: always in the tenant's time zone, British style. */

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat('en-GB', { timeZone, ...opts })));
  return f;
}

/** Assembled from parts, so the text is the same whatever ICU version Node carries ("Mon 23 Nov 2026"). */
function parts(iso: string | Date, timeZone: string, style: 'short' | 'long'): { weekday: string; day: string; month: string; year: string } {
  const f = fmt(timeZone, { weekday: style, day: 'numeric', month: style, year: 'numeric' });
  const p = f.formatToParts(typeof iso === 'string' ? new Date(iso) : iso);
  const get = (t: Intl.DateTimeFormatPartTypes) => p.find((x) => x.type === t)?.value ?? '';
  return { weekday: get('weekday'), day: get('day'), month: get('month'), year: get('year') };
}

/** "09:30" */
export function timeOf(iso: string, timeZone: string): string {
  const p = fmt(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  return `${p.find((x) => x.type === 'hour')?.value ?? '00'}:${p.find((x) => x.type === 'minute')?.value ?? '00'}`;
}

/** "Mon 23 Nov 2026, 09:30" */
export function dateTimeOf(iso: string, timeZone: string): string {
  const d = parts(iso, timeZone, 'short');
  return `${d.weekday} ${d.day} ${d.month} ${d.year}, ${timeOf(iso, timeZone)}`;
}

/** "Tue 24 Nov 08:30": a visit's start, short. */
export function shortDateTimeOf(iso: string, timeZone: string): string {
  const d = parts(iso, timeZone, 'short');
  return `${d.weekday} ${d.day} ${d.month} ${timeOf(iso, timeZone)}`;
}

/** A calendar date (YYYY-MM-DD) in words: "Tuesday 24 November 2026" (long) or "Tue 24 Nov" (short). */
export function dayOf(date: string, style: 'long' | 'short' = 'long'): string {
  const d = parts(new Date(`${date}T12:00:00Z`), 'UTC', style);
  return style === 'long' ? `${d.weekday} ${d.day} ${d.month} ${d.year}` : `${d.weekday} ${d.day} ${d.month}`;
}

/** "fallback pack" file names: lower-case words joined by dashes. */
export const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'unnamed';

export const PRIORITY_WORDS: Record<string, string> = { emergency: 'Emergency', high: 'High', normal: 'Normal', low: 'Low' };

export const STATUS_WORDS: Record<string, string> = {
  new: 'Not booked',
  scheduled: 'Booked',
  in_progress: 'In progress',
  follow_on: 'Follow-on needed',
  aborted: 'Aborted: rebook',
};

export const jobTypeWords = (t: string): string => (t.charAt(0).toUpperCase() + t.slice(1)).replace(/_/g, ' ');
