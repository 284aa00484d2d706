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
