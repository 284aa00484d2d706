import { z } from 'zod';
import { ZErrorBody } from './errors.js';
import { ZId, ZTimestampInput } from './ids.js';
import { ZCreateJobRequest, ZVisitStatus } from './jobs.js';

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

/**
 * `job.create` — a job raised on an office replica during an outage (docs/sync.md "Office
 * replica"). The client chooses the id; the primary gives the number when it applies it, so a
 * number shown before then is provisional. The same fields and rules as `POST /api/jobs`, except
 * that the client is always the site's.
 */
export const ZJobCreateArgs = ZCreateJobRequest.pick({
  siteId: true,
  assetId: true,
  description: true,
  jobType: true,
  priority: true,
  targetDate: true,
  requiredSkills: true,
  requiredEngineers: true,
})
  .extend({ id: ZId, at: ZTimestampInput })
  .strict();

/** The job outcomes the office sets by hand; new, scheduled and in progress follow the job's visits. */
export const JOB_OFFICE_STATUSES = ['completed', 'follow_on', 'aborted', 'cancelled'] as const;
/** `job.setStatus` — an office outcome for a job; `reason` becomes an office-only note on the job. */
export const ZJobSetStatusArgs = z
  .object({ jobId: ZId, status: z.enum(JOB_OFFICE_STATUSES), at: ZTimestampInput, reason: z.string().trim().max(2000).optional() })
  .strict();

/** Every v1 mutation's arguments, by name. */
export const MUTATION_ARGS = {
  'visit.setStatus': ZVisitSetStatusArgs,
  'jobNote.add': ZJobNoteAddArgs,
  'formSubmission.submit': ZFormSubmissionSubmitArgs,
  'timeEntry.add': ZTimeEntryAddArgs,
  'attachment.add': ZAttachmentAddArgs,
  // Added after v1's first five (docs/sync.md): office work queued on a replica.
  'job.create': ZJobCreateArgs,
  'job.setStatus': ZJobSetStatusArgs,
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

/**
 * `GET /api/server/state`: what the office banner shows — this server's role, how writes are
 * acknowledged, and (on a replica) how fresh its copy is. `replicas` only for an admin.
 */
export const ZServerState = z
  .object({
    role: z.enum(['primary', 'replica']),
    epoch: z.number(),
    ack: z.enum(['local', 'replicated', 'degraded']),
    degraded: z.object({ since: z.string(), by: z.string() }).nullable(),
    superseded: z.object({ epoch: z.number(), by: z.string(), at: z.string() }).nullable(),
    replica: z
      .object({
        primaryUrl: z.string(),
        lastUpdateAt: z.string().nullable(),
        unreachableSince: z.string().nullable(),
        lastError: z.string().nullable(),
        queued: z.number(),
        /** FIELDKEEP_OUTAGE_AFTER_MIN of this replica. */
        outageAfterMinutes: z.number(),
        /** When the primary had been unreachable for outageAfterMinutes: the outage drill is on (`GET /api/outage`). */
        outageDeclaredAt: z.string().nullable(),
      })
      .nullable(),
    replicas: z.array(z.object({ name: z.string(), confirmedPosition: z.number(), lastSeenAt: z.string(), lagCommits: z.number() })).optional(),
  })
  .meta({ id: 'ServerState' });
export type TServerState = z.infer<typeof ZServerState>;

/** The mutations office staff may queue on a replica during an outage (docs/sync.md "Office replica"). */
export const REPLICA_QUEUEABLE = ['jobNote.add', 'job.create', 'job.setStatus', 'visit.setStatus'] as const satisfies readonly TMutationName[];
export type TReplicaQueueable = (typeof REPLICA_QUEUEABLE)[number];

/** One piece of office work queued on a replica (`GET|POST /api/replica/queue`), and what became of it. */
export const ZReplicaQueueItem = z
  .object({
    id: z.string(),
    userId: z.string(),
    mutationId: z.number(),
    name: z.string(),
    args: z.unknown(),
    summary: z.string(),
    state: z.enum(['queued', 'applied', 'rejected']),
    resultCode: z.string().nullable(),
    resultMessage: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'ReplicaQueueItem' });
export type TReplicaQueueItem = z.infer<typeof ZReplicaQueueItem>;

/** A mutation's arguments as a client writes them (before defaults and normalising). */
export type TMutationInput<N extends TMutationName> = z.input<(typeof MUTATION_ARGS)[N]>;
