import type { TSyncForm, TVisitStatus } from '@fieldkeep/domain';
import { uuidv7 } from './ids';
import { sha256Hex } from './media/images';
import { recordChange as record, startTimer, type LocalChangeExtras, type NewMutation } from './store/local-changes';
import type { ActiveTimer } from './store/schema';
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

export type Answers = Record<string, string>;

/** The questions answered with their `abortOn` answer (for a risk assessment: "unsafe"). */
export const abortingAnswers = (form: TSyncForm, answers: Answers) => form.questions.filter((q) => q.abortOn && answers[q.id] === q.abortOn);

export const submitStartOfDay = (form: TSyncForm, answers: Answers, day: string) =>
  recordChange([{ name: 'formSubmission.submit', args: { id: uuidv7(), formId: form.id, formVersion: form.version, day, answers, at: now() } }]);

/**
 * The pre-visit risk assessment, then the visit's next status in the same change: on site — or,
 * when an answer says it is unsafe, aborted with the form's words as the reason.
 */
export async function submitRiskAssessment(form: TSyncForm, answers: Answers, visitId: string): Promise<'on_site' | 'aborted'> {
  const at = now();
  const unsafe = abortingAnswers(form, answers);
  const muts: NewMutation[] = [{ name: 'formSubmission.submit', args: { id: uuidv7(), formId: form.id, formVersion: form.version, visitId, answers, at } }];
  if (unsafe.length > 0) {
    const reason = `${form.name}: ${unsafe.map((q) => `“${q.text}” — ${q.abortOn === 'no' ? 'No' : 'Yes'}`).join('; ')}`;
    muts.push({ name: 'visit.setStatus', args: { visitId, status: 'aborted', at, reason } });
  } else {
    muts.push({ name: 'visit.setStatus', args: { visitId, status: 'on_site', at } });
  }
  await recordChange(muts);
  return unsafe.length > 0 ? 'aborted' : 'on_site';
}

export const startActivity = (activityTypeId: string) => startTimer({ activityTypeId, startedAt: now() });

export async function stopActivity(timer: ActiveTimer, note?: string): Promise<void> {
  let endedAt = now();
  if (endedAt <= timer.startedAt) endedAt = new Date(Date.parse(timer.startedAt) + 1000).toISOString();
  await recordChange([{ name: 'timeEntry.add', args: { id: uuidv7(), activityTypeId: timer.activityTypeId, startedAt: timer.startedAt, endedAt, ...(note ? { note } : {}) } }], {
    activeTimer: null,
  });
}
