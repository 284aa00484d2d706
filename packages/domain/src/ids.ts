import { z } from 'zod';

/** Ids are UUID strings (v7 when Fieldkeep makes them; the phone may make its own). */
export const ZId = z.uuid();
export type TId = z.infer<typeof ZId>;

/** Timestamps cross the API as ISO-8601 strings in UTC with milliseconds. */
export const ZTimestamp = z.iso.datetime({ offset: true });

/**
 * A timestamp as a request may send it (any offset), normalised to UTC with milliseconds — the one
 * form Fieldkeep stores, so that comparing stored timestamps as text compares moments.
 */
export const ZTimestampInput = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString());

/**
 * UUIDv7 for records a client names itself — the phone (notes, photos, time entries, form
 * submissions) and the office (work queued on a replica): time-ordered like the server's own ids,
 * random enough that two devices never collide.
 */
export function uuidv7(now = Date.now()): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  let t = now;
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
