import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ZId, ZTimestamp } from './ids.js';
import { ZWarning } from './warnings.js';

export const JOB_STATUSES = ['new', 'scheduled', 'in_progress', 'completed', 'follow_on', 'aborted', 'cancelled'] as const;
export const ZJobStatus = z.enum(JOB_STATUSES);
export type TJobStatus = z.infer<typeof ZJobStatus>;

/**
 * Where a job may go from each status. `follow_on` (more work needed) and `aborted` can be picked
 * up again by scheduling a new visit; completed and cancelled jobs are closed.
 */
export const JOB_TRANSITIONS: Record<TJobStatus, readonly TJobStatus[]> = {
  new: ['scheduled', 'cancelled'],
  scheduled: ['new', 'in_progress', 'completed', 'follow_on', 'aborted', 'cancelled'],
  in_progress: ['scheduled', 'completed', 'follow_on', 'aborted'],
  completed: [],
  follow_on: ['scheduled', 'cancelled'],
  aborted: ['scheduled', 'cancelled'],
  cancelled: [],
};

export const JOB_STATUS_LABELS: Record<TJobStatus, string> = {
  new: 'New',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  follow_on: 'Follow-on needed',
  aborted: 'Aborted',
  cancelled: 'Cancelled',
};

export const canTransitionJob = (from: TJobStatus, to: TJobStatus): boolean => JOB_TRANSITIONS[from].includes(to);
export const isJobOpen = (s: TJobStatus): boolean => JOB_TRANSITIONS[s].length > 0;

export const VISIT_STATUSES = ['scheduled', 'travelling', 'on_site', 'paused', 'completed', 'aborted'] as const;
export const ZVisitStatus = z.enum(VISIT_STATUSES);
export type TVisitStatus = z.infer<typeof ZVisitStatus>;

export const VISIT_TRANSITIONS: Record<TVisitStatus, readonly TVisitStatus[]> = {
  scheduled: ['travelling', 'on_site', 'aborted'],
  travelling: ['on_site', 'scheduled', 'aborted'],
  on_site: ['paused', 'completed', 'aborted'],
  paused: ['on_site', 'travelling', 'completed', 'aborted'],
  completed: [],
  aborted: [],
};
export const VISIT_STATUS_LABELS: Record<TVisitStatus, string> = {
  scheduled: 'Scheduled',
  travelling: 'Travelling',
  on_site: 'On site',
  paused: 'Paused',
  completed: 'Completed',
  aborted: 'Aborted',
};
export const canTransitionVisit = (from: TVisitStatus, to: TVisitStatus): boolean => VISIT_TRANSITIONS[from].includes(to);

/**
 * The job status that follows from its visits: any visit under way → in progress; otherwise any
 * still scheduled → scheduled. Returns undefined when the visits say nothing new (all finished: the
 * office or the last visit's outcome decides completed / follow-on / aborted).
 */
export function jobStatusFromVisits(current: TJobStatus, visits: ReadonlyArray<{ status: TVisitStatus }>): TJobStatus | undefined {
  if (!isJobOpen(current)) return undefined;
  if (visits.some((v) => v.status === 'travelling' || v.status === 'on_site' || v.status === 'paused')) return 'in_progress';
  if (visits.some((v) => v.status === 'scheduled')) return 'scheduled';
  if (visits.length === 0 && current === 'scheduled') return 'new';
  return undefined;
}

export const JOB_PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
export const ZJobPriority = z.enum(JOB_PRIORITIES);
export type TJobPriority = z.infer<typeof ZJobPriority>;

export const JOB_TYPES = ['repair', 'planned_maintenance', 'inspection', 'installation', 'void_works', 'emergency_callout'] as const;
export const ZJobType = z.string().trim().min(1).max(60);

export const ZDate = z.iso.date();
export const ZSkill = z.string().trim().min(1).max(60);

export const ZVisitSummary = z
  .object({
    id: ZId,
    jobId: ZId,
    startsAt: ZTimestamp,
    endsAt: ZTimestamp,
    status: ZVisitStatus,
    /** Each engineer with their own arrival and departure, as their phone recorded them. */
    engineers: z.array(z.object({ id: ZId, name: z.string(), arrivedAt: ZTimestamp.nullable(), departedAt: ZTimestamp.nullable() })),
    abortReason: z.string().nullable(),
  })
  .meta({ id: 'Visit' });
export type TVisit = z.infer<typeof ZVisitSummary>;

export const ZJob = z
  .object({
    id: ZId,
    number: z.number().int(),
    /** The number as people say it: J-000123. */
    reference: z.string(),
    clientId: ZId,
    clientName: z.string(),
    siteId: ZId,
    siteName: z.string(),
    sitePostcode: z.string(),
    assetId: ZId.nullable(),
    description: z.string(),
    jobType: z.string(),
    priority: ZJobPriority,
    targetDate: ZDate.nullable(),
    requiredSkills: z.array(z.string()),
    requiredEngineers: z.number().int(),
    status: ZJobStatus,
    liveWarningCount: z.number().int(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Job' });
export type TJob = z.infer<typeof ZJob>;

export const jobReference = (n: number): string => `J-${String(n).padStart(6, '0')}`;

export const ZCreateJobRequest = z
  .object({
    clientId: ZId.optional().describe('Defaults to the site’s client.'),
    siteId: ZId,
    assetId: ZId.nullable().optional(),
    description: z.string().trim().min(1).max(4000),
    jobType: ZJobType,
    priority: ZJobPriority.default('normal'),
    targetDate: ZDate.nullable().optional(),
    requiredSkills: z.array(ZSkill).max(20).default([]),
    requiredEngineers: z.number().int().min(1).max(10).default(1),
  })
  .strict()
  .meta({ id: 'CreateJobRequest' });
export type TCreateJobRequest = z.input<typeof ZCreateJobRequest>;

export const ZUpdateJobRequest = z
  .object({
    assetId: ZId.nullable().optional(),
    description: z.string().trim().min(1).max(4000).optional(),
    jobType: ZJobType.optional(),
    priority: ZJobPriority.optional(),
    targetDate: ZDate.nullable().optional(),
    requiredSkills: z.array(ZSkill).max(20).optional(),
    requiredEngineers: z.number().int().min(1).max(10).optional(),
    status: ZJobStatus.optional(),
  })
  .strict()
  .meta({ id: 'UpdateJobRequest' });
export type TUpdateJobRequest = z.infer<typeof ZUpdateJobRequest>;

export const ZJobListQuery = z
  .object({
    status: ZJobStatus.optional(),
    clientId: ZId.optional(),
    siteId: ZId.optional(),
    engineerId: ZId.optional(),
    from: ZDate.optional().describe('Jobs with a visit or target date on or after this day.'),
    to: ZDate.optional(),
    q: z.string().trim().max(100).optional().describe('Search reference, description, site, postcode.'),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export const ZJobList = z.object({ jobs: z.array(ZJob), total: z.number().int() }).meta({ id: 'JobList' });

export const ZJobNote = z
  .object({ id: ZId, jobId: ZId, text: z.string(), clientVisible: z.boolean(), authorName: z.string().nullable(), at: ZTimestamp })
  .meta({ id: 'JobNote' });
export type TJobNote = z.infer<typeof ZJobNote>;
export const ZCreateJobNoteRequest = z
  .object({ text: z.string().trim().min(1).max(4000), clientVisible: z.boolean().default(false) })
  .strict()
  .meta({ id: 'CreateJobNoteRequest' });

/** A photo, signature or document on a job (the bytes at GET /api/blobs/<sha256>). */
export const ZAttachment = z
  .object({
    id: ZId,
    jobId: ZId,
    visitId: ZId.nullable(),
    kind: z.enum(['photo', 'signature', 'document']),
    sha256: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    at: ZTimestamp,
    createdByName: z.string().nullable(),
  })
  .meta({ id: 'Attachment' });
export type TAttachment = z.infer<typeof ZAttachment>;

/** A form answered on the job (risk assessment, completion…), shown with the version it answered. */
export const ZSubmissionView = z
  .object({
    id: ZId,
    formId: ZId,
    formName: z.string(),
    kind: z.string(),
    formVersion: z.number().int(),
    visitId: ZId.nullable(),
    userName: z.string().nullable(),
    at: ZTimestamp,
    /** Each shown question with its answer in words, in the order of that version. */
    lines: z.array(z.object({ questionId: z.string(), question: z.string(), answer: z.string() })),
    /** What the answers set off: abort_visit, alert_office, require_photo. */
    outcomes: z.array(z.object({ effect: z.string(), message: z.string(), questionId: z.string() })),
  })
  .meta({ id: 'SubmissionView' });
export type TSubmissionView = z.infer<typeof ZSubmissionView>;

/** An office alert raised by a form answer (e.g. "household isolating"), until someone clears it. */
export const ZFormAlert = z
  .object({ id: ZId, submissionId: ZId, visitId: ZId.nullable(), userName: z.string().nullable(), message: z.string(), at: ZTimestamp, resolvedAt: ZTimestamp.nullable() })
  .meta({ id: 'FormAlert' });
export type TFormAlert = z.infer<typeof ZFormAlert>;

export const ZJobDetail = z
  .object({
    job: ZJob,
    visits: z.array(ZVisitSummary),
    notes: z.array(ZJobNote),
    warnings: z.array(ZWarning),
    attachments: z.array(ZAttachment),
    submissions: z.array(ZSubmissionView),
    alerts: z.array(ZFormAlert),
  })
  .meta({ id: 'JobDetail' });
export type TJobDetail = z.infer<typeof ZJobDetail>;
