import { z } from 'zod';
import { ZId, ZTimestamp } from './ids.js';
import { ZRole } from './roles.js';

/**
 * Tools for the day after an outage and for leaving: re-entering paper records (catch-up),
 * announcements and release notes, the licences report and the tenant export.
 */

// --- catch-up: work logged on paper, entered after the outage ------------------------------------

/** A wall-clock time as written on a paper job sheet, in the tenant's time zone. */
export const ZClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time as HH:MM, e.g. 09:30.');

/**
 * What the office chose for an entry that clashes with what an engineer's phone synced meanwhile:
 * keep_synced — the synced record stays, the paper entry is not written;
 * apply_paper — the paper values replace the synced ones;
 * keep_both — the synced record stays and the paper values are kept beside it (a job note for a
 * visit, a second note, a second time entry).
 * `token` is the one the preview gave for that clash: when the synced record changed again since,
 * the choice no longer applies and the entry is a conflict again.
 */
export const CATCHUP_CHOICES = ['keep_synced', 'apply_paper', 'keep_both'] as const;
export const ZCatchupChoice = z.enum(CATCHUP_CHOICES);
export type TCatchupChoice = z.infer<typeof ZCatchupChoice>;
export const ZCatchupResolution = z.object({ choice: ZCatchupChoice, token: z.string().min(1).max(100) }).strict();
export type TCatchupResolution = z.infer<typeof ZCatchupResolution>;

const ZJobRef = z.string().trim().min(1).max(40).describe('The job as written on the paper sheet: J-000123, or its number.');
const entryBase = {
  /** The date on the paper sheet (the tenant's calendar). */
  paperDate: z.iso.date(),
  resolution: ZCatchupResolution.optional(),
};

export const ZCatchupNote = z
  .object({
    kind: z.literal('note'),
    job: ZJobRef,
    ...entryBase,
    time: ZClockTime.optional().describe('When it was written; noon when the sheet has no time.'),
    engineerId: ZId.optional().describe('Who wrote it on the paper sheet.'),
    text: z.string().trim().min(1).max(4000),
    clientVisible: z.boolean().default(false),
  })
  .strict();

export const ZCatchupVisit = z
  .object({
    kind: z.literal('visit'),
    job: ZJobRef,
    ...entryBase,
    engineerId: ZId.describe('Whose arrival and departure these are: the visit of this job that engineer had on the paper date.'),
    arrived: ZClockTime.optional(),
    departed: ZClockTime.optional(),
    status: z.enum(['completed', 'aborted']).optional(),
    reason: z.string().trim().min(1).max(1000).optional().describe('Why it was aborted (required with status aborted).'),
  })
  .strict()
  .refine((v) => v.arrived !== undefined || v.departed !== undefined || v.status !== undefined, { message: 'Give an arrival, a departure or a status.', path: ['arrived'] })
  .refine((v) => v.status !== 'aborted' || v.reason !== undefined, { message: 'Say why the visit was aborted.', path: ['reason'] })
  .refine((v) => !v.arrived || !v.departed || v.arrived < v.departed, { message: 'The departure must be after the arrival.', path: ['departed'] });

export const ZCatchupTime = z
  .object({
    kind: z.literal('time'),
    ...entryBase,
    engineerId: ZId,
    activityTypeId: ZId,
    started: ZClockTime,
    ended: ZClockTime,
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .strict()
  .refine((v) => v.started < v.ended, { message: 'The end must be after the start.', path: ['ended'] });

export const ZCatchupEntry = z.discriminatedUnion('kind', [ZCatchupNote, ZCatchupVisit, ZCatchupTime]).meta({ id: 'CatchupEntry' });
export type TCatchupEntry = z.input<typeof ZCatchupEntry>;
export type TCatchupEntryParsed = z.output<typeof ZCatchupEntry>;
export const CATCHUP_MAX_ENTRIES = 500;

export const ZCatchupRequest = z
  .object({ entries: z.array(ZCatchupEntry).min(1).max(CATCHUP_MAX_ENTRIES) })
  .strict()
  .meta({ id: 'CatchupRequest' });

/** One value of a clash, as synced and as on paper. `format` says how to show it. */
export const ZCatchupField = z.object({
  field: z.string(),
  label: z.string(),
  format: z.enum(['time', 'text', 'status', 'activity']),
  synced: z.string().nullable(),
  paper: z.string().nullable(),
  /** The paper value disagrees with what was synced (the UI marks these rows in words, not colour alone). */
  differs: z.boolean(),
});
export type TCatchupField = z.infer<typeof ZCatchupField>;

export const CATCHUP_OUTCOMES = ['new', 'same', 'conflict', 'invalid', 'applied', 'skipped'] as const;
export const ZCatchupOutcome = z
  .object({
    index: z.number().int(),
    /** new: nothing on the system yet; same: already recorded identically; applied/skipped: after commit. */
    outcome: z.enum(CATCHUP_OUTCOMES),
    summary: z.string(),
    jobId: ZId.nullable(),
    visitId: ZId.nullable(),
    problems: z.array(z.object({ field: z.string(), message: z.string() })),
    conflict: z
      .object({
        token: z.string(),
        message: z.string(),
        fields: z.array(ZCatchupField),
        choices: z.array(ZCatchupChoice),
        /** What each choice does for this entry, in words. */
        choiceLabels: z.record(z.string(), z.string()),
      })
      .nullable(),
  })
  .meta({ id: 'CatchupOutcome' });
export type TCatchupOutcome = z.infer<typeof ZCatchupOutcome>;

export const ZCatchupResult = z
  .object({
    entries: z.array(ZCatchupOutcome),
    counts: z.record(z.enum(CATCHUP_OUTCOMES), z.number().int()),
  })
  .meta({ id: 'CatchupResult' });
export type TCatchupResult = z.infer<typeof ZCatchupResult>;

/** 409 conflict from commit: nothing was written; each entry as the preview shows it. */
export const ZCatchupConflictBody = z
  .object({ error: z.object({ code: z.literal('conflict'), message: z.string() }), entries: z.array(ZCatchupOutcome) })
  .meta({ id: 'CatchupConflictBody' });
export type TCatchupConflictBody = z.infer<typeof ZCatchupConflictBody>;

export const ZCatchupCsvRequest = z.object({ csv: z.string().min(1).max(5 * 1024 * 1024) }).strict();
export const ZCatchupCsvResult = z
  .object({ entries: z.array(ZCatchupEntry), preview: ZCatchupResult })
  .meta({ id: 'CatchupCsvResult' });
export type TCatchupCsvResult = z.infer<typeof ZCatchupCsvResult>;

/** The columns of a catch-up CSV (docs/catchup.md). */
export const CATCHUP_CSV_COLUMNS = ['kind', 'paper_date', 'job', 'engineer', 'arrived', 'departed', 'status', 'reason', 'activity', 'started', 'ended', 'text'] as const;

// --- announcements and release notes ------------------------------------------------------------

export const ZAnnouncement = z
  .object({
    id: ZId,
    title: z.string(),
    body: z.string(),
    /** Roles it is for; empty: everyone. */
    audience: z.array(ZRole),
    createdAt: ZTimestamp,
    createdByName: z.string().nullable(),
  })
  .meta({ id: 'Announcement' });
export type TAnnouncement = z.infer<typeof ZAnnouncement>;

export const ZAnnouncementWithCounts = ZAnnouncement.extend({
  seen: z.number().int().describe('People who dismissed it.'),
  audienceSize: z.number().int().describe('Active users it is for.'),
}).meta({ id: 'AnnouncementWithCounts' });
export type TAnnouncementWithCounts = z.infer<typeof ZAnnouncementWithCounts>;

export const ZCreateAnnouncementRequest = z
  .object({
    title: z.string().trim().min(1).max(120),
    body: z.string().trim().min(1).max(4000),
    audience: z.array(ZRole).max(4).default([]),
  })
  .strict()
  .meta({ id: 'CreateAnnouncementRequest' });
export type TCreateAnnouncementRequest = z.input<typeof ZCreateAnnouncementRequest>;

export const ZReleaseNote = z.object({ version: z.string(), date: z.string().nullable(), body: z.string() }).meta({ id: 'ReleaseNote' });
export type TReleaseNote = z.infer<typeof ZReleaseNote>;
export const ZReleaseNotes = z
  .object({
    serverVersion: z.string(),
    /** The newest version this user acknowledged; null: never. */
    lastSeenVersion: z.string().nullable(),
    notes: z.array(ZReleaseNote),
  })
  .meta({ id: 'ReleaseNotes' });
export type TReleaseNotes = z.infer<typeof ZReleaseNotes>;

// --- licences report ------------------------------------------------------------------------------

export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month like 2026-11.');
export const LICENCE_REPORT_MAX_MONTHS = 36;

// --- tenant export --------------------------------------------------------------------------------

export const ZExportSummary = z
  .object({
    id: z.string(),
    exportedAt: ZTimestamp,
    schemaVersion: z.string(),
    tables: z.number().int(),
    rows: z.number().int(),
    blobs: z.number().int(),
    bytes: z.number().int(),
    missingBlobs: z.number().int(),
  })
  .meta({ id: 'ExportSummary' });
export type TExportSummary = z.infer<typeof ZExportSummary>;

export const ZExportStatus = z
  .object({
    running: z.object({ startedAt: ZTimestamp, step: z.string(), done: z.number().int(), total: z.number().int() }).nullable(),
    latest: ZExportSummary.nullable(),
    lastError: z.object({ at: ZTimestamp, message: z.string() }).nullable(),
  })
  .meta({ id: 'ExportStatus' });
export type TExportStatus = z.infer<typeof ZExportStatus>;
