/**
 * How the status page says amounts and times in words. Summaries use relative times ("3 hours ago"),
 * which read the same in every time zone; exact moments travel as `at` for the page to show locally.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 minutes", "5 hours", "3 days" (rounded down; under a minute: "less than a minute"). */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  if (abs < HOUR) return plural(Math.floor(abs / MINUTE), 'minute');
  if (abs < 2 * DAY) return plural(Math.floor(abs / HOUR), 'hour');
  return plural(Math.floor(abs / DAY), 'day');
}

/** "5 hours ago" (or "just now"). */
export function ago(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const ms = now.getTime() - Date.parse(iso);
  if (ms < MINUTE) return 'just now';
  return `${span(ms)} ago`;
}

/** "in 3 hours" (or "now"). */
export function fromNow(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'not scheduled';
  const ms = Date.parse(iso) - now.getTime();
  if (ms < MINUTE) return 'now';
  return `in ${span(ms)}`;
}

/** "0.4 s", "3 min 4 s", "2 h 5 min". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ${Math.round((ms % MINUTE) / 1000)} s`;
  return `${Math.floor(ms / HOUR)} h ${Math.round((ms % HOUR) / MINUTE)} min`;
}

/** "1.2 GB" (binary multiples, as df -h counts them). */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? plural(n, 'byte') : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Joins phrases: "a", "a and b", "a, b and c". */
export function listing(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export const isoBefore = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();
