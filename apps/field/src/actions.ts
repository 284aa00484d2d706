import type { TFormAnswers, TFormDefinition, TVisitStatus } from '@fieldkeep/domain';
import { uuidv7 } from '@fieldkeep/domain';
import { sha256Hex } from './media/images';
import { recordChange as record, startTimer, type LocalChangeExtras, type NewMutation } from './store/local-changes';
import type { ActiveTimer, BlobRow } from './store/schema';
import { blobsNamedBy } from './sync/blob-refs';
import { syncEngine } from './sync/engine';

/**
 * The engineer's actions as local changes: each is one strict IndexedDB transaction (outbox rows
 * plus whatever is kept beside them), recorded whether or not there is signal.
 */

const now = () => new Date().toISOString();

/** Kept first, then sent soon: the change is on disk before any attempt to send it. */
async function recordChange(muts: NewMutation[], extras?: LocalChangeExtras): Promise<void> {
  await record(muts, extras);
  syncEngine.soon();
}

export const setVisitStatus = (visitId: string, status: TVisitStatus, reason?: string) =>
  recordChange([{ name: 'visit.setStatus', args: { visitId, status, at: now(), ...(reason ? { reason } : {}) } }]);

export const addJobNote = (jobId: string, text: string) => recordChange([{ name: 'jobNote.add', args: { id: uuidv7(), jobId, text, at: now() } }]);

/** A photo or signature: its bytes and the attachment.add that names them, together. */
export async function addAttachment(a: { jobId: string; visitId: string; kind: 'photo' | 'signature'; blob: Blob }): Promise<void> {
  const sha256 = await sha256Hex(a.blob);
  const contentType = a.blob.type || (a.kind === 'signature' ? 'image/png' : 'image/jpeg');
  const at = now();
  await recordChange([{ name: 'attachment.add', args: { id: uuidv7(), jobId: a.jobId, visitId: a.visitId, kind: a.kind, sha256, contentType, size: a.blob.size, at } }], {
    blobs: [{ sha256, blob: a.blob, contentType, size: a.blob.size, createdAt: at, uploadedAt: null }],
  });
}

/** Photo / signature bytes captured while a form is filled in, kept with its submission. */
export type FormBlobs = ReadonlyMap<string, Blob>;

export interface FormSubmission {
  def: TFormDefinition;
  /** The accepted answers (validateSubmission's): answers to hidden questions already dropped. */
  answers: TFormAnswers;
  /** One of: the visit it was answered on, or the engineer's day (start-of-day check). */
  visitId?: string;
  day?: string;
  /** The visit's next step, recorded with the answers (on site, aborted with its reason, completed). */
  status?: { to: TVisitStatus; reason?: string };
  blobs: FormBlobs;
}

/**
 * A form's answers, the bytes of its photos and signature, and the visit's next step: one local
 * change (one strict IndexedDB transaction), so "aborted by the risk assessment" can never be on
 * the phone without the answers that said so, nor the other way round.
 */
export async function submitForm(s: FormSubmission): Promise<void> {
  const at = now();
  const named = new Set(blobsNamedBy({ name: 'formSubmission.submit', args: { answers: s.answers } }));
  const blobs: BlobRow[] = [...s.blobs]
    .filter(([sha]) => named.has(sha))
    .map(([sha256, blob]) => ({ sha256, blob, contentType: blob.type || 'image/jpeg', size: blob.size, createdAt: at, uploadedAt: null }));
  const where = s.visitId ? { visitId: s.visitId } : { day: s.day };
  const muts: NewMutation[] = [{ name: 'formSubmission.submit', args: { id: uuidv7(), formId: s.def.id, formVersion: s.def.version, ...where, answers: s.answers, at } }];
  if (s.status && s.visitId) muts.push({ name: 'visit.setStatus', args: { visitId: s.visitId, status: s.status.to, at, ...(s.status.reason ? { reason: s.status.reason } : {}) } });
  await recordChange(muts, { blobs });
}

export const startActivity = (activityTypeId: string) => startTimer({ activityTypeId, startedAt: now() });

export async function stopActivity(timer: ActiveTimer, note?: string): Promise<void> {
  let endedAt = now();
  if (endedAt <= timer.startedAt) endedAt = new Date(Date.parse(timer.startedAt) + 1000).toISOString();
  await recordChange([{ name: 'timeEntry.add', args: { id: uuidv7(), activityTypeId: timer.activityTypeId, startedAt: timer.startedAt, endedAt, ...(note ? { note } : {}) } }], {
    activeTimer: null,
  });
}
