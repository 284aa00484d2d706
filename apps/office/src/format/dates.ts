// Dates are shown in the browser's own locale and time zone for now. The tenant's time zone is not
// in the session yet; when it is, pass `timeZone` here and every screen follows.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/** Server messages carry timestamps in ISO form ("locked until 2026-…Z"): show them as local dates. */
export function localiseTimestamps(text: string): string {
  return text.replace(ISO_TIMESTAMP, (iso) => formatDateTime(iso));
}

export function isFuture(iso: string | null | undefined, now = Date.now()): boolean {
  return !!iso && new Date(iso).getTime() > now;
}
