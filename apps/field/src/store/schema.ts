import type {
  TMutationName,
  TRejection,
  TSessionUser,
  TSyncActivityType,
  TSyncAsset,
  TSyncAttachment,
  TSyncEntity,
  TSyncFormSubmission,
  TSyncJob,
  TSyncJobNote,
  TSyncSite,
  TSyncTimeEntry,
  TSyncVisit,
  TSyncWarning,
} from '@fieldkeep/domain';
import { SYNC_ENTITIES } from '@fieldkeep/domain';

/**
 * The phone's IndexedDB layout. One object store per pulled entity (named as the protocol names
 * the entity, keyed by `id`), plus:
 * - `outbox`: mutations not yet acknowledged by the server, keyed by their mutation id;
 * - `acked`: mutations the server has acknowledged but a pull has not yet brought back, so the
 *   screen keeps showing them between the push and the pull (it never jumps back);
 * - `blobs`: photo / signature bytes by SHA-256, until uploaded and no longer needed;
 * - `rejections`: mutations the office did not accept, kept until the engineer dismisses them;
 * - `meta`: key → value (install id, session, per-client mutation counter, cursor, last sync…).
 */
export const DB_NAME = 'fieldkeep-field';
export const DB_VERSION = 1;

export const ENTITY_STORES = SYNC_ENTITIES;
export type EntityStore = TSyncEntity;
export const LOCAL_STORES = ['outbox', 'acked', 'blobs', 'rejections', 'meta'] as const;
export type StoreName = EntityStore | (typeof LOCAL_STORES)[number];

/** What a pull's `data` holds, per entity (sync-data.ts in the domain). */
export interface EntityData {
  visit: TSyncVisit;
  job: TSyncJob;
  site: TSyncSite;
  asset: TSyncAsset;
  warning: TSyncWarning;
  jobNote: TSyncJobNote;
  attachment: TSyncAttachment;
  /** Kept as pulled and parsed when read (view-forms.ts): an older server sent another shape. */
  form: TStoredForm;
  activityType: TSyncActivityType;
  timeEntry: TSyncTimeEntry;
  formSubmission: TSyncFormSubmission;
}

/** A pulled form record: a TSyncForm (ZFormDefinition + active) from a current server. */
export type TStoredForm = { id: string } & Record<string, unknown>;

/** A mutation as the outbox keeps it: exactly what is pushed, plus when it was made. */
export interface OutboxRow {
  id: number;
  name: TMutationName;
  args: Record<string, unknown>;
  createdAt: string;
}

export interface BlobRow {
  sha256: string;
  blob: Blob;
  contentType: string;
  size: number;
  createdAt: string;
  /** Set once the server answered 200/201 to its PUT (or HEAD); re-checked with HEAD before a push. */
  uploadedAt: string | null;
}

export interface RejectionRow extends TRejection {
  /** Shown to the engineer: its id may be acknowledged to the server. */
  shown: boolean;
}

export interface Session {
  token: string;
  user: TSessionUser;
  clientId: string;
}

export interface ActiveTimer {
  activityTypeId: string;
  startedAt: string;
}

/** meta keys and their values. */
export interface MetaValues {
  installId: string;
  session: Session;
  cursor: string;
  lastSyncedAt: string;
  /** The highest rejection id shown to the engineer (sent as ackRejections). */
  shownRejectionsUpTo: number;
  activeTimer: ActiveTimer;
}
export type MetaKey = keyof MetaValues;

/** The per-client mutation counter; never cleared on sign-out, so ids stay gap-free per clientId. */
export const nextIdKey = (clientId: string) => `nextMutationId:${clientId}`;
