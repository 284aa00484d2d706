import { z } from 'zod';
import { ZId, ZTimestamp } from '@fieldkeep/domain';

/*
 * The fallback pack's API shapes. They belong in packages/domain (so the office imports them rather
 * than re-typing them in apps/office/src/api/pack.ts); kept here until that move.
 */

/** Longest customer script or checklist: a few printed pages. */
export const PACK_TEXT_MAX = 8000;

export const ZPackSummary = z.object({
  /** Local dates (YYYY-MM-DD) whose job sheets are inside. */
  days: z.array(z.string()),
  jobSheets: z.number().int(),
  engineers: z.number().int(),
  outstandingJobs: z.number().int(),
  urgentJobs: z.number().int(),
  clients: z.number().int(),
  sites: z.number().int(),
  suppliers: z.number().int(),
  files: z.number().int(),
});
export type TPackSummary = z.infer<typeof ZPackSummary>;

export const ZPack = z
  .object({
    id: ZId,
    createdAt: ZTimestamp,
    kind: z.enum(['schedule', 'request']),
    fileName: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    createdByName: z.string().nullable(),
    summary: ZPackSummary,
  })
  .meta({ id: 'Pack' });
export type TPack = z.infer<typeof ZPack>;

export const ZPackRun = z
  .object({
    id: ZId,
    startedBy: z.enum(['schedule', 'request']),
    status: z.enum(['ok', 'failed']),
    startedAt: ZTimestamp,
    finishedAt: ZTimestamp,
    durationMs: z.number().int(),
    packId: ZId.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'PackRun' });
export type TPackRun = z.infer<typeof ZPackRun>;

export const ZPackStatus = z
  .object({
    /** The nightly schedule (cron), or null when it is off. */
    schedule: z.string().nullable(),
    nextRunAt: ZTimestamp.nullable(),
    latestPack: ZPack.nullable(),
    lastRun: ZPackRun.nullable(),
    /** The most recent failed run, when it came after the last good one (still unresolved). */
    lastFailure: ZPackRun.nullable(),
  })
  .meta({ id: 'PackStatus' });
export type TPackStatus = z.infer<typeof ZPackStatus>;

export const ZPackList = z.object({ packs: z.array(ZPack), status: ZPackStatus }).meta({ id: 'PackList' });
export type TPackList = z.infer<typeof ZPackList>;

export const ZPackSettings = z
  .object({
    customerScript: z.string(),
    backUpChecklist: z.string(),
    /** True where the tenant has not changed the text (it is the default). */
    customerScriptIsDefault: z.boolean(),
    backUpChecklistIsDefault: z.boolean(),
    updatedAt: ZTimestamp.nullable(),
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'PackSettings' });
export type TPackSettings = z.infer<typeof ZPackSettings>;

const packText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Write the ${what}, or send null to use the default text.`)
    .max(PACK_TEXT_MAX, `At most ${PACK_TEXT_MAX} characters: it has to fit on a printed page or two.`)
    .nullable()
    .describe(`The ${what}; null puts back the default text.`);

export const ZUpdatePackSettingsRequest = z
  .object({ customerScript: packText('customer script'), backUpChecklist: packText('back-up checklist') })
  .strict()
  .meta({ id: 'UpdatePackSettingsRequest' });
export type TUpdatePackSettingsRequest = z.infer<typeof ZUpdatePackSettingsRequest>;
