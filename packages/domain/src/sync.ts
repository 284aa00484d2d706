import { z } from 'zod';
import { ZErrorBody } from './errors.js';
import { ZId, ZTimestampInput } from './ids.js';
import { ZVisitStatus } from './jobs.js';

/**
 * Sync protocol v1 (DESIGN.md "Sync protocol v1"): the contract between the server, the field app
 * and office replicas. Names never change meaning; new mutations are added, never redefined.
 */
export const SYNC_PROTOCOL_VERSION = 1;

export const SYNC_LIMITS = {
  /** Mutations in one push. */
  mutationsPerPush: 200,
  /** Bytes of one push body. */
  pushBodyBytes: 2 * 1024 * 1024,
  /** Bytes of one blob (a downscaled photo is ~300 KB; a PDF may be larger). */
  blobBytes: 20 * 1024 * 1024,
  /** Changes in one pull page. */
  pullPageSize: 500,
  noteChars: 10_000,
} as const;

export const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lower-case hex digits');

export const ZVisitSetStatusArgs = z
  .object({ visitId: ZId, status: ZVisitStatus, at: ZTimestampInput, reason: z.string().trim().max(2000).optional() })
  .strict();
export const ZJobNoteAddArgs = z.object({ id: ZId, jobId: ZId, text: z.string().trim().min(1).max(SYNC_LIMITS.noteChars), at: ZTimestampInput }).strict();
export const ZFormSubmissionSubmitArgs = z
  .object({
    id: ZId,
    formId: ZId,
    formVersion: z.number().int().min(1),
    visitId: ZId.optional(),
    day: z.iso.date().optional(),
    /** Answers in the form module's format (yes/no as true/false, photos as blob hashes…). */
    answers: z.record(z.string().max(100), z.unknown()),
    at: ZTimestampInput,
  })
  .strict()
  .refine((a) => Boolean(a.visitId) !== Boolean(a.day), { message: 'Give either visitId or day.' });
export const ZTimeEntryAddArgs = z
  .object({ id: ZId, activityTypeId: ZId, startedAt: ZTimestampInput, endedAt: ZTimestampInput, note: z.string().trim().max(2000).optional() })
  .strict()
  .refine((t) => t.endedAt > t.startedAt, { path: ['endedAt'], message: 'Ends after it starts.' });
export const ZAttachmentAddArgs = z
  .object({
    id: ZId,
    jobId: ZId,
    visitId: ZId.optional(),
    kind: z.enum(['photo', 'signature', 'document']),
    sha256: ZSha256,
    contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(100),
    size: z.number().int().min(1).max(SYNC_LIMITS.blobBytes),
    at: ZTimestampInput,
  })
  .strict();

/** Every v1 mutation's arguments, by name. */
export const MUTATION_ARGS = {
  'visit.setStatus': ZVisitSetStatusArgs,
  'jobNote.add': ZJobNoteAddArgs,
  'formSubmission.submit': ZFormSubmissionSubmitArgs,
  'timeEntry.add': ZTimeEntryAddArgs,
  'attachment.add': ZAttachmentAddArgs,
} as const;
export type TMutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as TMutationName[];
export type TMutationArgs<N extends TMutationName> = z.output<(typeof MUTATION_ARGS)[N]>;

/** A mutation as it travels: its name is checked against MUTATION_ARGS by the server, not here. */
export const ZMutation = z.object({ id: z.number().int().min(1), name: z.string().min(1).max(100), args: z.unknown() }).strict();
export type TMutation = z.infer<typeof ZMutation>;

export const ZPushRequest = z
  .object({
    protocolVersion: z.literal(SYNC_PROTOCOL_VERSION),
    clientId: z.string().min(8).max(100).regex(/^[\w-]+$/),
    mutations: z.array(ZMutation).max(SYNC_LIMITS.mutationsPerPush),
    /** Optional diagnostics: the app's version, for the status page. */
    appVersion: z.string().max(50).optional(),
  })
  .strict()
  .meta({ id: 'PushRequest' });
export type TPushRequest = z.infer<typeof ZPushRequest>;

export const ZPushResponse = z.object({ lastMutationId: z.number().int(), cursor: z.string() }).meta({ id: 'PushResponse' });
export type TPushResponse = z.infer<typeof ZPushResponse>;

export const ZRejection = z
  .object({ mutationId: z.number().int(), name: z.string(), code: z.string(), message: z.string(), args: z.unknown(), at: z.string() })
  .meta({ id: 'Rejection' });
export type TRejection = z.infer<typeof ZRejection>;

export const ZPullQuery = z
  .object({
    clientId: z.string().min(8).max(100).regex(/^[\w-]+$/),
    cursor: z.string().max(200).default(''),
    /** The highest rejection id the app has shown its user; those stop being delivered. */
    ackRejections: z.coerce.number().int().min(0).optional(),
    appVersion: z.string().max(50).optional(),
  })
  .strict();

export const SYNC_ENTITIES = ['visit', 'job', 'site', 'asset', 'warning', 'jobNote', 'attachment', 'form', 'activityType', 'timeEntry', 'formSubmission'] as const;
export const ZSyncEntity = z.enum(SYNC_ENTITIES);
export type TSyncEntity = z.infer<typeof ZSyncEntity>;

/** `entity` is one of SYNC_ENTITIES today; a newer server may add others, which an older app ignores. */
export const ZChange = z
  .object({ entity: z.string().describe(`One of ${SYNC_ENTITIES.join(', ')} (more may come: ignore unknown ones)`), id: z.string(), op: z.enum(['put', 'delete']), data: z.record(z.string(), z.unknown()).nullable() })
  .meta({ id: 'Change' });
export type TChange = z.infer<typeof ZChange>;

export const ZPullResponse = z
  .object({
    cursor: z.string(),
    hasMore: z.boolean(),
    lastMutationId: z.number().int(),
    changes: z.array(ZChange),
    rejections: z.array(ZRejection),
    reset: z.boolean().optional(),
  })
  .meta({ id: 'PullResponse' });
export type TPullResponse = z.infer<typeof ZPullResponse>;

/** A device as the status page and the admin see it (DESIGN.md: per-device diagnostics). */
export const ZDevice = z
  .object({
    clientId: z.string(),
    userId: ZId,
    userName: z.string(),
    lastMutationId: z.number().int(),
    createdAt: z.string(),
    lastPushAt: z.string().nullable(),
    lastPullAt: z.string().nullable(),
    appVersion: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    pendingRejections: z.number().int(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Device' });
export type TDevice = z.infer<typeof ZDevice>;
export const ZDeviceList = z.object({ devices: z.array(ZDevice) }).meta({ id: 'DeviceList' });

/** A refused mutation as the office sees it: kept whole, so nothing captured is lost. */
export const ZStoredRejection = ZRejection.extend({ clientId: z.string(), userName: z.string(), ackedAt: z.string().nullable() }).meta({ id: 'StoredRejection' });
export const ZRejectionList = z.object({ rejections: z.array(ZStoredRejection) }).meta({ id: 'RejectionList' });

/** out_of_order (409) and unsupported_mutation (422) answers carry how far the server got. */
export const ZSyncErrorBody = ZErrorBody.extend({
  lastMutationId: z.number().int().optional(),
  mutationId: z.number().int().optional().describe('unsupported_mutation: the id of the mutation the server does not know'),
}).meta({ id: 'SyncErrorBody' });
