import { z } from 'zod';
import { ZAllocationCheck } from './allocation.js';
import { ZId, ZTimestamp, ZTimestampInput } from './ids.js';
import { ZDate, ZJob, ZJobPriority, ZVisitStatus } from './jobs.js';

const ZAllocation = {
  startsAt: ZTimestampInput,
  endsAt: ZTimestampInput,
  engineerIds: z.array(ZId).min(1).max(10),
  /** Rule ids of warnings the planner has read and accepts for this allocation (audited). */
  acknowledgedRuleIds: z.array(z.string().max(64)).max(50).default([]),
};

export const ZCreateVisitRequest = z
  .object({ jobId: ZId, ...ZAllocation })
  .strict()
  .refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'A visit ends after it starts.' })
  .meta({ id: 'CreateVisitRequest' });
export type TCreateVisitRequest = z.input<typeof ZCreateVisitRequest>;

export const ZUpdateVisitRequest = z
  .object({
    startsAt: ZTimestampInput.optional(),
    endsAt: ZTimestampInput.optional(),
    engineerIds: ZAllocation.engineerIds.optional(),
    acknowledgedRuleIds: ZAllocation.acknowledgedRuleIds,
  })
  .strict()
  .meta({ id: 'UpdateVisitRequest' });
export type TUpdateVisitRequest = z.input<typeof ZUpdateVisitRequest>;

export const ZSetVisitStatusRequest = z
  .object({ status: ZVisitStatus, reason: z.string().trim().max(2000).optional() })
  .strict()
  .meta({ id: 'SetVisitStatusRequest' });

/** Dry run of an allocation: what the rules say, before anything is saved. */
export const ZAllocationCheckRequest = z
  .object({ jobId: ZId, visitId: ZId.optional(), startsAt: ZTimestampInput, endsAt: ZTimestampInput, engineerIds: z.array(ZId).max(10), acknowledgedRuleIds: ZAllocation.acknowledgedRuleIds })
  .strict()
  .meta({ id: 'AllocationCheckRequest' });
export type TAllocationCheckRequest = z.input<typeof ZAllocationCheckRequest>;

/** The body of a 409 allocation_refused: the check stands beside `error`. */
export const ZAllocationRefused = z
  .object({ error: z.object({ code: z.literal('allocation_refused'), message: z.string() }), check: ZAllocationCheck })
  .meta({ id: 'AllocationRefused' });

export const ZBoardQuery = z
  .object({ date: ZDate, days: z.coerce.number().int().min(1).max(7).default(1) })
  .strict();

export const ZBoardVisit = z
  .object({
    id: ZId,
    jobId: ZId,
    jobReference: z.string(),
    siteName: z.string(),
    sitePostcode: z.string(),
    description: z.string(),
    priority: ZJobPriority,
    startsAt: ZTimestamp,
    endsAt: ZTimestamp,
    status: ZVisitStatus,
    engineerIds: z.array(ZId),
    liveWarningCount: z.number().int(),
    /** Office alerts raised by form answers on this visit and not yet cleared: the visit is at risk. */
    openAlerts: z.array(z.string()),
  })
  .meta({ id: 'BoardVisit' });
export type TBoardVisit = z.infer<typeof ZBoardVisit>;

export const ZBoardEngineerDay = z.object({
  date: ZDate,
  capacityMinutes: z.number().int(),
  bookedMinutes: z.number().int(),
  /** Booked less than the working day: this engineer cannot start from home with a full day yet. */
  underAllocated: z.boolean(),
});

export const ZBoard = z
  .object({
    date: ZDate,
    days: z.number().int(),
    timeZone: z.string(),
    engineers: z.array(z.object({ id: ZId, name: z.string(), skills: z.array(z.string()), days: z.array(ZBoardEngineerDay) })),
    visits: z.array(ZBoardVisit),
    /** Open jobs with no visit still to come: new, follow-on and aborted ones, most urgent first. */
    unallocated: z.array(ZJob),
  })
  .meta({ id: 'Board' });
export type TBoard = z.infer<typeof ZBoard>;
