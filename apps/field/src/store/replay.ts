import { canTransitionVisit, MUTATION_ARGS, type TMutationName } from '@fieldkeep/domain';
import type { EntityData, OutboxRow } from './schema';

/**
 * The screen's state: pulled data with the phone's own mutations replayed on top — first those the
 * server acknowledged but no pull has brought back yet, then the outbox. So the screen shows the
 * engineer's work at once, and never jumps back when a push lands before the pull that reflects it.
 * A rejected mutation simply stops being replayed once the office's answer has been pulled.
 */

/** `unsent`: still in the outbox (shown as "Not sent yet"). */
export type Local<T> = T & { unsent?: boolean };
export type Tables = { [E in keyof EntityData]: Map<string, Local<EntityData[E]>> };

type Replayer = (t: Tables, args: Record<string, unknown>, unsent: boolean, authorName: string) => void;

/** Mutations a phone never makes (office work queued on a replica) are not replayed here. */
const REPLAY: Partial<Record<TMutationName, Replayer>> = {
  'visit.setStatus': (t, raw, unsent) => {
    const a = MUTATION_ARGS['visit.setStatus'].parse(raw);
    const v = t.visit.get(a.visitId);
    // The server runs the same state machine; a change it would refuse is not shown as done.
    if (!v || (v.status !== a.status && !canTransitionVisit(v.status, a.status))) return;
    t.visit.set(v.id, { ...v, status: a.status, abortReason: a.status === 'aborted' ? (a.reason ?? null) : v.abortReason, unsent: unsent || v.unsent });
  },
  'jobNote.add': (t, raw, unsent, authorName) => {
    const a = MUTATION_ARGS['jobNote.add'].parse(raw);
    if (t.jobNote.has(a.id) && !unsent) return; // pulled back already: the server's copy wins
    t.jobNote.set(a.id, { id: a.id, jobId: a.jobId, text: a.text, authorName, at: a.at, unsent });
  },
  'attachment.add': (t, raw, unsent) => {
    const a = MUTATION_ARGS['attachment.add'].parse(raw);
    if (t.attachment.has(a.id) && !unsent) return;
    t.attachment.set(a.id, { ...a, visitId: a.visitId ?? null, unsent });
  },
  'timeEntry.add': (t, raw, unsent) => {
    const a = MUTATION_ARGS['timeEntry.add'].parse(raw);
    if (t.timeEntry.has(a.id) && !unsent) return;
    t.timeEntry.set(a.id, { ...a, note: a.note ?? null, unsent });
  },
  'formSubmission.submit': (t, raw, unsent) => {
    const a = MUTATION_ARGS['formSubmission.submit'].parse(raw);
    if (t.formSubmission.has(a.id) && !unsent) return;
    t.formSubmission.set(a.id, { ...a, visitId: a.visitId ?? null, day: a.day ?? null, unsent });
  },
};

export function replay(tables: Tables, acked: readonly OutboxRow[], outbox: readonly OutboxRow[], authorName: string): Tables {
  const t = Object.fromEntries(Object.entries(tables).map(([k, m]) => [k, new Map(m as Map<string, unknown>)])) as Tables;
  const rows = [...acked.map((r) => ({ r, unsent: false })), ...outbox.map((r) => ({ r, unsent: true }))].sort((a, b) => a.r.id - b.r.id);
  for (const { r, unsent } of rows) {
    // A mutation this build does not know (kept from a newer app) changes nothing on screen.
    const fn = REPLAY[r.name];
    try {
      fn?.(t, r.args, unsent, authorName);
    } catch (err) {
      console.warn(`Fieldkeep: mutation ${r.id} (${r.name}) could not be shown`, err);
    }
  }
  return t;
}
