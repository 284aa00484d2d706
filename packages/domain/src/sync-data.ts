import { z } from 'zod';
import { ZId, ZTimestamp } from './ids.js';
import { ZAsset, ZSite } from './directory.js';
import { ZFormDefinition } from './forms/definition.js';
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
  /** Forms this visit needs (by the tenant's form rules): risk assessments before work, completion at the end. */
  formIds: z.array(ZId).default([]),
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

export { FORM_KINDS, ZFormKind } from './forms/kinds.js';

/** A form as a phone receives it: the current published version (ZFormDefinition) and whether it is in use. */
export const ZSyncForm = ZFormDefinition.extend({ active: z.boolean() });
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
