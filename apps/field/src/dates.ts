import { localDate } from '@fieldkeep/domain';

/**
 * Dates and times on the phone are the tenant's (the session user's `timeZone`): a visit at 09:00
 * in Leeds is 09:00 whatever zone the phone is set to.
 */

const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;
const dateTimeLocal = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Server messages carry timestamps in ISO form ("locked until 2026-…Z"): show them readably. */
export function localiseTimestamps(text: string): string {
  return text.replace(ISO_TIMESTAMP, (iso) => dateTimeLocal.format(new Date(iso)));
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string, kind: 'time' | 'day' | 'short'): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { weekday: 'long', day: 'numeric', month: 'long' }
          : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat('en-GB', { ...opts, timeZone });
    cache.set(key, f);
  }
  return f;
}

/** "14:05" */
export const formatTime = (iso: string, timeZone: string) => fmt(timeZone, 'time').format(new Date(iso));
/** "Tuesday 12 May" */
export const formatDay = (at: Date | string, timeZone: string) => fmt(timeZone, 'day').format(new Date(at));
/** "14:05" today, "12 May, 14:05" on another day. */
export function formatWhen(iso: string, timeZone: string, now = new Date()): string {
  return localDate(iso, timeZone) === localDate(now, timeZone) ? formatTime(iso, timeZone) : fmt(timeZone, 'short').format(new Date(iso));
}
export const today = (timeZone: string) => localDate(new Date(), timeZone);
export const isToday = (iso: string, timeZone: string) => localDate(iso, timeZone) === today(timeZone);

export function formatDuration(fromIso: string, toIso: string): string {
  const mins = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  return mins < 60 ? `${mins} min` : `${Math.floor(mins / 60)} h ${mins % 60} min`;
}
