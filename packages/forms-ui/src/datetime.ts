/**
 * The browser's date / time inputs and the domain's answer formats. `date` (YYYY-MM-DD) and `time`
 * (HH:MM) are what <input type="date|time"> already give; a `datetime` answer is ISO 8601 with an
 * offset, while <input type="datetime-local"> works in the device's own zone with none.
 */

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** "2026-11-23T10:30" in the device's zone → "2026-11-23T10:30:00+00:00" (its offset on that date). */
export function localInputToIso(local: string): string | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(local)) return null;
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return null;
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const seconds = local.length > 16 ? '' : ':00';
  return `${local}${seconds}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/** An ISO datetime (any offset) → the device-zone "YYYY-MM-DDTHH:MM" a datetime-local input shows. */
export function isoToLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || iso === '') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The time input's value: "HH:MM" or "HH:MM:SS" pass through, anything else shows empty. */
export const timeInputValue = (v: unknown): string => (typeof v === 'string' && /^\d\d:\d\d(:\d\d)?$/.test(v) ? v : '');

export const dateInputValue = (v: unknown): string => (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v) ? v : '');
