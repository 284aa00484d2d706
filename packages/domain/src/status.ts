import { z } from 'zod';
import { ZTimestamp } from './ids.js';
import { ZDevice, ZStoredRejection } from './sync.js';

/**
 * The status page (docs/status.md): every failure that needs a person, in one place. Each item is
 * green, amber or red — or grey when the thing it watches is not in use here — with a line in plain
 * words and, when it is not green, what to do.
 */

/** Worst first: the order the page shows them in. */
export const STATUS_LEVELS = ['red', 'amber', 'green', 'grey'] as const;
export const ZStatusLevel = z.enum(STATUS_LEVELS);
export type TStatusLevel = z.infer<typeof ZStatusLevel>;

/** Said beside every colour: status is never shown by colour alone. */
export const STATUS_LEVEL_LABELS: Record<TStatusLevel, string> = {
  red: 'Needs action',
  amber: 'Needs a look',
  green: 'OK',
  grey: 'Not in use',
};

export const STATUS_KEYS = [
  'messages',
  'integrations',
  'devices',
  'backups',
  'replication',
  'integrity',
  'disk',
  'outbox',
  'server_errors',
  'fallback_pack',
] as const;
export const ZStatusKey = z.enum(STATUS_KEYS);
export type TStatusKey = z.infer<typeof ZStatusKey>;

/**
 * What to do about an item or an entry: open a page of the office app or a document (`href`: a path
 * such as `/admin/mail`, or `docs/….md#…` for the operator documentation), or call the API
 * (`method` + `url`, e.g. resend an email).
 */
export const ZStatusAction = z
  .union([
    z.object({ label: z.string(), href: z.string() }).strict(),
    z.object({ label: z.string(), method: z.literal('POST'), url: z.string() }).strict(),
  ])
  .meta({ id: 'StatusAction' });
export type TStatusAction = z.infer<typeof ZStatusAction>;

/** One fact about an item ("Last backup": "1.2 MB, took 3 s"); `at` is a moment the page shows in local time. */
export const ZStatusFact = z.object({ label: z.string(), value: z.string(), at: ZTimestamp.optional() }).meta({ id: 'StatusFact' });
export type TStatusFact = z.infer<typeof ZStatusFact>;

/** Why a device shows on the status page (docs/status.md "Devices"). */
export const DEVICE_PROBLEMS = ['connectivity', 'data', 'application'] as const;
export const ZDeviceProblem = z.enum(DEVICE_PROBLEMS);
export type TDeviceProblem = z.infer<typeof ZDeviceProblem>;

/** One thing inside an item: a device, a failed email, a replica, a server error. */
export const ZStatusEntry = z
  .object({
    id: z.string(),
    status: ZStatusLevel,
    title: z.string(),
    text: z.string(),
    at: ZTimestamp.nullable(),
    facts: z.array(ZStatusFact),
    /** Devices only: which kinds of problem it has. */
    problems: z.array(ZDeviceProblem).optional(),
    action: ZStatusAction.optional(),
  })
  .meta({ id: 'StatusEntry' });
export type TStatusEntry = z.infer<typeof ZStatusEntry>;

export const ZStatusItem = z
  .object({
    key: ZStatusKey,
    title: z.string(),
    status: ZStatusLevel,
    /** One line in plain words. */
    summary: z.string(),
    /** `tenant`: this company's own (its emails, its devices); `server`: the whole server's health. */
    scope: z.enum(['tenant', 'server']),
    details: z.array(ZStatusFact),
    entries: z.array(ZStatusEntry),
    /** What to do, when the item is not green (and "Run now" for the integrity check). */
    action: ZStatusAction.optional(),
  })
  .meta({ id: 'StatusItem' });
export type TStatusItem = z.infer<typeof ZStatusItem>;

export const ZStatusReport = z
  .object({
    /** The worst item's status (grey items do not count). */
    status: ZStatusLevel,
    generatedAt: ZTimestamp,
    /** `tenant`: an admin's view (own company + server health); `server`: monitoring with a replication token. */
    view: z.enum(['tenant', 'server']),
    server: z.object({ role: z.enum(['primary', 'replica']), startedAt: ZTimestamp, uptimeSeconds: z.number() }),
    items: z.array(ZStatusItem),
  })
  .meta({ id: 'StatusReport' });
export type TStatusReport = z.infer<typeof ZStatusReport>;

/** The worst of some statuses; grey (not in use) never outweighs green. */
export function worstStatus(levels: readonly TStatusLevel[]): TStatusLevel {
  const present = new Set(levels);
  for (const l of STATUS_LEVELS) if (l !== 'grey' && present.has(l)) return l;
  return present.size > 0 ? 'grey' : 'green';
}

/** Sorts worst first (red, amber, green, grey), keeping the given order within a status. */
export function byStatus<T extends { status: TStatusLevel }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => STATUS_LEVELS.indexOf(a.status) - STATUS_LEVELS.indexOf(b.status));
}

/** A run of the database integrity check (docs/status.md "Database integrity"). */
export const ZIntegrityCheck = z
  .object({
    id: z.string(),
    status: z.enum(['running', 'ok', 'failed']),
    /** quick_check (SQLite), amcheck or tables (PostgreSQL). */
    method: z.string(),
    startedBy: z.enum(['schedule', 'admin']),
    startedAt: ZTimestamp,
    finishedAt: ZTimestamp.nullable(),
    durationMs: z.number().nullable(),
    problems: z.array(z.string()),
  })
  .meta({ id: 'IntegrityCheck' });
export type TIntegrityCheck = z.infer<typeof ZIntegrityCheck>;

/** A device opened from the status page: what it last did, why it shows, and its refused changes. */
export const ZStatusDevice = z
  .object({ device: ZDevice, problems: z.array(ZDeviceProblem), rejections: z.array(ZStoredRejection) })
  .meta({ id: 'StatusDevice' });
export type TStatusDevice = z.infer<typeof ZStatusDevice>;
