import { z } from 'zod';
import { ZId, ZTimestamp } from './ids.js';
import { ZAsset, ZSite } from './directory.js';
import { ZAttachment, ZJobPriority, ZJobStatus, ZVisitStatus } from './jobs.js';
import { ZSeverity } from './warnings.js';

/**
 * What a pull's `data` carries for each entity (the API's field names). The field app stores these
 * as they come and reads them offline; the server builds them in apps/server/src/sync/.
 */
export const ZSyncVisit = z.object({
  id: ZId,
  jobId: ZId,
  startsAt: ZTimestamp,
  endsAt: ZTimestamp,
  status: ZVisitStatus,
  engineers: z.array(z.object({ id: ZId, name: z.string() })),
  /** Aborting needs a reason; it is kept with the visit. */
  abortReason: z.string().nullable(),
});
export type TSyncVisit = z.infer<typeof ZSyncVisit>;

export const ZSyncJob = z.object({
  id: ZId,
  reference: z.string(),
  siteId: ZId,
  assetId: ZId.nullable(),
  clientName: z.string(),
  description: z.string(),
  jobType: z.string(),
  priority: ZJobPriority,
  status: ZJobStatus,
  requiredSkills: z.array(z.string()),
});
export type TSyncJob = z.infer<typeof ZSyncJob>;

export const ZSyncSite = ZSite.pick({
  id: true,
  name: true,
  address1: true,
  address2: true,
  town: true,
  postcode: true,
  lat: true,
  lng: true,
  accessNotes: true,
  occupantName: true,
  occupantPhone: true,
});
export type TSyncSite = z.infer<typeof ZSyncSite>;

export const ZSyncAsset = ZAsset.omit({ createdAt: true });
export type TSyncAsset = z.infer<typeof ZSyncAsset>;

/** Only live warnings marked visible to engineers reach a phone; one that expires arrives as a delete. */
export const ZSyncWarning = z.object({
  id: ZId,
  siteId: ZId,
  assetId: ZId.nullable(),
  typeKey: z.string(),
  typeName: z.string(),
  text: z.string(),
  severity: ZSeverity,
  validFrom: ZTimestamp,
  validUntil: ZTimestamp.nullable(),
});
export type TSyncWarning = z.infer<typeof ZSyncWarning>;

export const ZSyncJobNote = z.object({ id: ZId, jobId: ZId, text: z.string(), authorName: z.string().nullable(), at: ZTimestamp });
export type TSyncJobNote = z.infer<typeof ZSyncJobNote>;

export const ZSyncAttachment = ZAttachment.omit({ createdByName: true });
export type TSyncAttachment = z.infer<typeof ZSyncAttachment>;

export const FORM_KINDS = ['risk_assessment', 'health_safety', 'start_of_day', 'job_completion'] as const;
export const ZFormKind = z.enum(FORM_KINDS);

/** Until configurable forms exist, questions are yes/no or text; `abortOn` answers stop the visit. */
export const ZSyncFormQuestion = z.object({
  id: z.string(),
  text: z.string(),
  type: z.enum(['yes_no', 'text']),
  required: z.boolean(),
  /** For a risk assessment: this answer means "unsafe" — the visit is aborted. */
  abortOn: z.enum(['yes', 'no']).optional(),
});
export const ZSyncForm = z.object({ id: ZId, kind: ZFormKind, name: z.string(), version: z.number().int(), questions: z.array(ZSyncFormQuestion) });
export type TSyncForm = z.infer<typeof ZSyncForm>;

export const ZSyncActivityType = z.object({ id: ZId, name: z.string(), active: z.boolean() });
export type TSyncActivityType = z.infer<typeof ZSyncActivityType>;

export const ZSyncTimeEntry = z.object({ id: ZId, activityTypeId: ZId, startedAt: ZTimestamp, endedAt: ZTimestamp, note: z.string().nullable() });
export type TSyncTimeEntry = z.infer<typeof ZSyncTimeEntry>;

export const ZSyncFormSubmission = z.object({
  id: ZId,
  formId: ZId,
  formVersion: z.number().int(),
  visitId: ZId.nullable(),
  day: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  at: ZTimestamp,
});
export type TSyncFormSubmission = z.infer<typeof ZSyncFormSubmission>;

export const SEEDED_ACTIVITY_TYPES = ['Travel to merchant', 'Vehicle maintenance', 'Training', 'Sickness', 'Self-isolating', 'Office / admin'] as const;

export const SEEDED_FORMS: ReadonlyArray<{ kind: z.infer<typeof ZFormKind>; name: string; questions: z.infer<typeof ZSyncFormQuestion>[] }> = [
  {
    kind: 'start_of_day',
    name: 'Start-of-day check',
    questions: [
      { id: 'vehicle_ok', text: 'Vehicle checked: tyres, lights, fluids, no new damage?', type: 'yes_no', required: true },
      { id: 'ppe_ok', text: 'Do you have all your PPE with you?', type: 'yes_no', required: true },
      { id: 'symptoms', text: 'Do you have any symptoms of illness today?', type: 'yes_no', required: true },
      { id: 'defects', text: 'Vehicle or equipment defects to report', type: 'text', required: false },
    ],
  },
  {
    kind: 'risk_assessment',
    name: 'Pre-visit risk assessment',
    questions: [
      { id: 'safe_access', text: 'Is it safe to enter and work at this property?', type: 'yes_no', required: true, abortOn: 'no' },
      { id: 'occupant_unwell', text: 'Is anyone in the household unwell or isolating?', type: 'yes_no', required: true },
      { id: 'hazards', text: 'Hazards noted on arrival', type: 'text', required: false },
    ],
  },
];
