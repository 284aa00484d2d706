// Shown in the phone's own locale and time zone until the session carries the tenant's time zone.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})\b/g;

/** Server messages carry timestamps in ISO form ("locked until 2026-…Z"): show them as local dates. */
export function localiseTimestamps(text: string): string {
  return text.replace(ISO_TIMESTAMP, (iso) => dateTime.format(new Date(iso)));
}

export function formatDay(d: Date): string {
  return longDay.format(d);
}
