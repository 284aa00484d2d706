import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ZId, ZTimestamp, ZTimestampInput } from './ids.js';

export const SEVERITIES = ['info', 'caution', 'danger'] as const;
export const ZSeverity = z.enum(SEVERITIES);
export type TSeverity = z.infer<typeof ZSeverity>;

/** The seeded warning types every tenant starts with (each tenant may add, rename or retire). */
export const SEEDED_WARNING_TYPES: ReadonlyArray<{ key: string; name: string; defaultSeverity: TSeverity }> = [
  { key: 'attend_in_pairs', name: 'Attend in pairs', defaultSeverity: 'danger' },
  { key: 'vulnerable_occupant', name: 'Vulnerable occupant', defaultSeverity: 'caution' },
  { key: 'aggressive_animal', name: 'Aggressive animal', defaultSeverity: 'caution' },
  { key: 'asbestos_present', name: 'Asbestos present', defaultSeverity: 'danger' },
  { key: 'infection_risk', name: 'Infection risk / household isolating', defaultSeverity: 'danger' },
  { key: 'lone_working_prohibited', name: 'Lone working prohibited', defaultSeverity: 'danger' },
];

export const ZWarningType = z
  .object({ id: ZId, key: z.string(), name: z.string(), defaultSeverity: ZSeverity, active: z.boolean() })
  .meta({ id: 'WarningType' });
export type TWarningType = z.infer<typeof ZWarningType>;
export const ZCreateWarningTypeRequest = z
  .object({
    key: z.string().trim().min(2).max(60).regex(/^[a-z][a-z0-9_]*$/, 'Lower-case letters, digits and underscores.'),
    name: z.string().trim().min(1).max(LIMITS.nameMaxLength),
    defaultSeverity: ZSeverity,
  })
  .strict()
  .meta({ id: 'CreateWarningTypeRequest' });
export const ZUpdateWarningTypeRequest = z
  .object({ name: z.string().trim().min(1).max(LIMITS.nameMaxLength).optional(), defaultSeverity: ZSeverity.optional(), active: z.boolean().optional() })
  .strict()
  .meta({ id: 'UpdateWarningTypeRequest' });
export const ZWarningTypeList = z.object({ warningTypes: z.array(ZWarningType) }).meta({ id: 'WarningTypeList' });

export const ZWarning = z
  .object({
    id: ZId,
    siteId: ZId,
    assetId: ZId.nullable(),
    typeId: ZId,
    typeKey: z.string(),
    typeName: z.string(),
    text: z.string(),
    severity: ZSeverity,
    validFrom: ZTimestamp,
    validUntil: ZTimestamp.nullable(),
    visibleToEngineers: z.boolean(),
    createdAt: ZTimestamp,
    createdByName: z.string().nullable(),
    removedAt: ZTimestamp.nullable(),
    /** Applies now: not removed, started, not yet expired. */
    live: z.boolean(),
  })
  .meta({ id: 'Warning' });
export type TWarning = z.infer<typeof ZWarning>;

/**
 * Milliseconds since the epoch. ZTimestamp accepts UTC offsets and any number of fractional digits
 * ("10:00:00+01:00", "09:00:00Z", "09:00:00.500Z"), so timestamps are compared as instants, never as text.
 */
const instant = (t: string): number => Date.parse(t);

export const ZCreateWarningRequest = z
  .object({
    siteId: ZId,
    assetId: ZId.nullable().optional(),
    typeId: ZId,
    text: z.string().trim().max(2000).default(''),
    severity: ZSeverity.optional(),
    validFrom: ZTimestampInput.optional(),
    validUntil: ZTimestampInput.nullable().optional(),
    visibleToEngineers: z.boolean().default(true),
  })
  .strict()
  .refine((w) => !w.validFrom || !w.validUntil || instant(w.validUntil) > instant(w.validFrom), { path: ['validUntil'], message: 'Must be after "valid from".' })
  .meta({ id: 'CreateWarningRequest' });
export type TCreateWarningRequest = z.input<typeof ZCreateWarningRequest>;
export const ZWarningList = z.object({ warnings: z.array(ZWarning) }).meta({ id: 'WarningList' });

/** A warning applies while it is not removed, has started and has not expired — by itself, with no job to run. */
export function isWarningLive(w: { validFrom: string; validUntil: string | null; removedAt: string | null }, now: Date | string): boolean {
  const t = typeof now === 'string' ? instant(now) : now.getTime();
  return w.removedAt === null && instant(w.validFrom) <= t && (w.validUntil === null || instant(w.validUntil) > t);
}

const SEVERITY_RANK: Record<TSeverity, number> = { danger: 0, caution: 1, info: 2 };
/** Most severe first, then newest: the order every screen shows warnings in. */
export function sortWarnings<T extends { severity: TSeverity; validFrom: string }>(ws: readonly T[]): T[] {
  return [...ws].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || instant(b.validFrom) - instant(a.validFrom) || b.validFrom.localeCompare(a.validFrom),
  );
}

export const ZWarningListQuery = z
  .object({ include: z.enum(['live', 'all']).default('live').describe('live: only warnings that apply now; all: also removed, expired and future ones.') })
  .strict();
export type TWarningListQuery = z.infer<typeof ZWarningListQuery>;

export const ZRemoveWarningRequest = z
  .object({ reason: z.string().trim().max(500).optional().describe('Why it no longer applies (kept in the audit log).') })
  .strict()
  .meta({ id: 'RemoveWarningRequest' });
export type TRemoveWarningRequest = z.infer<typeof ZRemoveWarningRequest>;
