import { createHash } from 'node:crypto';
import {
  localDate,
  VISIT_STATUS_LABELS,
  zonedTimeToUtc,
  type TCatchupChoice,
  type TCatchupEntryParsed,
  type TCatchupField,
  type TCatchupOutcome,
  type TVisitStatus,
} from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';
import { insertJobNote } from '../jobs/jobs.repository.js';
import { findVisit, recordVisit, updateVisitRow } from '../visits/visits.repository.js';
import { syncJobStatus } from '../visits/visits.service.js';
import { engineerVisitsOfJob, findJobByRef, jobNotes, overlappingTimeEntries, type EngineerVisit, type Person } from './catchup.repository.js';

/**
 * One paper entry checked against what is on the system now: new (nothing there yet), the same as
 * what is there, a conflict (an engineer's phone synced other values meanwhile — shown, never
 * merged silently) or invalid. `apply` writes it in the caller's transaction given the office's
 * choice for a conflict.
 */
export interface Evaluated {
  outcome: TCatchupOutcome;
  apply?: (tx: WriteTx, actor: Actor, choice: TCatchupChoice | undefined) => Promise<'applied' | 'skipped'>;
  /** What another entry of the same batch must not repeat. */
  batch?: { key: string } | { person: string; start: string; end: string };
}

export interface CatchupScope {
  db: Kysely<DB> | Transaction<DB>;
  tenantId: string;
  timeZone: string;
  people: ReadonlyMap<string, Person>;
  activities: ReadonlyMap<string, string>;
}

const TERMINAL: readonly string[] = ['completed', 'aborted'];
const sameMinute = (a: string, b: string) => a.slice(0, 16) === b.slice(0, 16);
const normText = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
const tokenOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32);
const hhmm = (iso: string, tz: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
const ukDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

function start(index: number, summary: string): TCatchupOutcome {
  return { index, outcome: 'new', summary, jobId: null, visitId: null, problems: [], conflict: null };
}

function invalid(index: number, summary: string, field: string, message: string): Evaluated {
  return { outcome: { ...start(index, summary), outcome: 'invalid', problems: [{ field, message }] } };
}

const audit = (tx: WriteTx, actor: Actor, action: 'job_note.added' | 'visit.updated' | 'time_entry.added', subject: string, details: Record<string, unknown>) =>
  appendAudit(tx.trx, tx.now, { tenantId: actor.tenantId, action, actorUserId: actor.userId, actorLogin: actor.login, subject, details: { enteredAfterOutage: true, paperDate: details.paperDate, ...details } });

async function enteredBy(tx: WriteTx, actor: Actor): Promise<string> {
  const u = await tx.trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirst();
  return u?.name ?? actor.login;
}

export function evaluateEntry(scope: CatchupScope, entry: TCatchupEntryParsed, index: number): Promise<Evaluated> {
  switch (entry.kind) {
    case 'note':
      return evaluateNote(scope, entry, index);
    case 'visit':
      return evaluateVisit(scope, entry, index);
    case 'time':
      return evaluateTime(scope, entry, index);
  }
}

// --- notes from paper job sheets -----------------------------------------------------------------

async function evaluateNote(scope: CatchupScope, e: Extract<TCatchupEntryParsed, { kind: 'note' }>, index: number): Promise<Evaluated> {
  const job = await findJobByRef(scope.db, scope.tenantId, e.job);
  if (!job) return invalid(index, `Note on ${e.job}`, 'job', `No job ${e.job}: write the job number as on the sheet, e.g. J-000123.`);
  const writer = e.engineerId ? scope.people.get(e.engineerId) : undefined;
  const summary = `${job.reference} · ${job.siteName} · note${writer ? ` by ${writer.name}` : ''} (sheet of ${ukDate(e.paperDate)})`;
  if (e.engineerId && !writer) return invalid(index, summary, 'engineerId', 'No such person in this company.');
  const at = zonedTimeToUtc(e.paperDate, e.time ?? '12:00', scope.timeZone).toISOString();
  const outcome: TCatchupOutcome = { ...start(index, summary), jobId: job.id };
  const same = (await jobNotes(scope.db, scope.tenantId, job.id)).filter((n) => normText(n.text) === normText(e.text));
  const first = same[0];
  if (first) {
    const fields: TCatchupField[] = [
      { field: 'text', label: 'Note', format: 'text', synced: first.text, paper: e.text, differs: first.text.trim() !== e.text.trim() },
      { field: 'at', label: 'Written at', format: 'time', synced: first.at, paper: at, differs: !sameMinute(first.at, at) },
      { field: 'author', label: 'By', format: 'text', synced: first.authorName, paper: writer ? `${writer.name} (paper sheet)` : 'Paper sheet', differs: true },
    ];
    outcome.outcome = 'conflict';
    outcome.conflict = {
      token: tokenOf(same.map((n) => [n.id, n.text, n.at])),
      message: `${job.reference} already has a note with the same words (${first.authorName ?? 'someone'}, synced from a phone or typed in the office).`,
      fields,
      choices: ['keep_synced', 'keep_both'],
      choiceLabels: { keep_synced: 'Keep the synced note only (the paper note is not added)', keep_both: 'Add the paper note as well' },
    };
  }
  return {
    outcome,
    batch: { key: `note|${job.id}|${normText(e.text)}` },
    async apply(tx, actor, choice) {
      if (choice === 'keep_synced') return 'skipped';
      const authorName = writer ? `${writer.name} (paper job sheet)` : 'Paper job sheet';
      const note = await insertJobNote(tx, { tenantId: actor.tenantId, jobId: job.id, text: e.text, clientVisible: e.clientVisible, authorId: actor.userId, authorName, at });
      await audit(tx, actor, 'job_note.added', job.id, {
        noteId: note.id,
        clientVisible: note.clientVisible,
        paperDate: e.paperDate,
        writtenBy: writer?.name ?? null,
        enteredBy: await enteredBy(tx, actor),
        ...(choice ? { resolution: choice } : {}),
      });
      return 'applied';
    },
  };
}

// --- visits: arrival, departure and status from the sheet -----------------------------------------

/** The engineer's visit of that job on the paper date (the one nearest the arrival time if several). */
function pickVisit(visits: EngineerVisit[], date: string, tz: string, arrivedAt: string | undefined): EngineerVisit | undefined {
  const onDay = visits.filter((v) => localDate(v.startsAt, tz) === date);
  if (onDay.length <= 1 || !arrivedAt) return onDay[0];
  const t = Date.parse(arrivedAt);
  return [...onDay].sort((a, b) => Math.abs(Date.parse(a.startsAt) - t) - Math.abs(Date.parse(b.startsAt) - t))[0];
}

async function evaluateVisit(scope: CatchupScope, e: Extract<TCatchupEntryParsed, { kind: 'visit' }>, index: number): Promise<Evaluated> {
  const job = await findJobByRef(scope.db, scope.tenantId, e.job);
  if (!job) return invalid(index, `Visit on ${e.job}`, 'job', `No job ${e.job}: write the job number as on the sheet, e.g. J-000123.`);
  const eng = scope.people.get(e.engineerId);
  if (!eng) return invalid(index, `${job.reference} · ${job.siteName}`, 'engineerId', 'No such engineer in this company.');
  const tz = scope.timeZone;
  const arrivedAt = e.arrived ? zonedTimeToUtc(e.paperDate, e.arrived, tz).toISOString() : undefined;
  const departedAt = e.departed ? zonedTimeToUtc(e.paperDate, e.departed, tz).toISOString() : undefined;
  const visit = pickVisit(await engineerVisitsOfJob(scope.db, scope.tenantId, job.id, eng.id), e.paperDate, tz, arrivedAt);
  const summary = `${job.reference} · ${job.siteName} · ${eng.name}’s visit${visit ? ` ${hhmm(visit.startsAt, tz)}–${hhmm(visit.endsAt, tz)}` : ''} (sheet of ${ukDate(e.paperDate)})`;
  if (!visit) {
    return invalid(index, summary, 'job', `${eng.name} has no visit on ${job.reference} on ${ukDate(e.paperDate)}: book it on the dispatch board first (or check the job number, engineer and date).`);
  }
  const outcome: TCatchupOutcome = { ...start(index, summary), jobId: job.id, visitId: visit.id };
  const fields: TCatchupField[] = [];
  let conflict = false;
  let changes = false;
  const time = (field: 'arrivedAt' | 'departedAt', label: string, synced: string | null, paper: string | undefined) => {
    if (!paper) return;
    const differs = synced !== null && !sameMinute(synced, paper);
    if (synced === null) changes = true;
    if (differs) conflict = true;
    fields.push({ field, label, format: 'time', synced, paper, differs: synced === null ? false : differs });
  };
  time('arrivedAt', 'Arrived', visit.arrivedAt, arrivedAt);
  time('departedAt', 'Left', visit.departedAt, departedAt);
  if (e.status) {
    const differs = visit.status !== e.status;
    // A visit the phone already finished with another outcome is a conflict; one still open just catches up.
    if (differs && TERMINAL.includes(visit.status)) conflict = true;
    else if (differs) changes = true;
    fields.push({ field: 'status', label: 'Status', format: 'status', synced: visit.status, paper: e.status, differs: differs && TERMINAL.includes(visit.status) });
  }
  if (conflict) {
    outcome.outcome = 'conflict';
    outcome.conflict = {
      token: tokenOf([visit.id, visit.status, visit.arrivedAt, visit.departedAt]),
      message: `${eng.name}’s phone already recorded this visit with other values. Choose which to keep.`,
      fields,
      choices: ['keep_synced', 'apply_paper', 'keep_both'],
      choiceLabels: {
        keep_synced: 'Keep the phone’s values (the paper entry is not recorded)',
        apply_paper: 'Use the paper values (the phone’s stay in the audit log)',
        keep_both: 'Keep the phone’s values and add the paper ones to the job as a note',
      },
    };
  } else if (!changes) {
    outcome.outcome = 'same';
  }
  const isSame = outcome.outcome === 'same';
  return {
    outcome,
    batch: { key: `visit|${visit.id}|${eng.id}` },
    async apply(tx, actor, choice) {
      if (isSame || choice === 'keep_synced') return 'skipped';
      const before = { status: visit.status, arrivedAt: visit.arrivedAt, departedAt: visit.departedAt };
      const paper = { status: e.status ?? null, arrivedAt: arrivedAt ?? null, departedAt: departedAt ?? null };
      const common = { paperDate: e.paperDate, visitId: visit.id, engineerId: eng.id, engineer: eng.name, enteredBy: await enteredBy(tx, actor), ...(choice ? { resolution: choice } : {}) };
      if (choice === 'keep_both') {
        const t = (iso: string | null) => (iso ? hhmm(iso, tz) : '—');
        const st = (s: string | null) => (s ? VISIT_STATUS_LABELS[s as TVisitStatus].toLowerCase() : '—');
        const text =
          `Paper job sheet of ${ukDate(e.paperDate)} (${eng.name}): arrived ${t(paper.arrivedAt)}, left ${t(paper.departedAt)}, ${st(paper.status)}.` +
          ` Recorded by the phone: arrived ${t(before.arrivedAt)}, left ${t(before.departedAt)}, ${st(before.status)}.` +
          (e.reason ? ` Reason on the sheet: ${e.reason}` : '');
        const note = await insertJobNote(tx, { tenantId: actor.tenantId, jobId: job.id, text, clientVisible: false, authorId: actor.userId, authorName: `${eng.name} (paper job sheet)`, at: departedAt ?? arrivedAt ?? tx.now });
        await audit(tx, actor, 'job_note.added', job.id, { noteId: note.id, clientVisible: false, ...common, paper, synced: before });
        return 'applied';
      }
      const set: { arrived_at?: string; departed_at?: string } = {};
      if (arrivedAt) set.arrived_at = arrivedAt;
      if (departedAt) set.departed_at = departedAt;
      if (Object.keys(set).length > 0) {
        await tx.trx.updateTable('visit_engineers').set(set).where('tenant_id', '=', actor.tenantId).where('visit_id', '=', visit.id).where('engineer_id', '=', eng.id).execute();
      }
      const statusChanged = e.status !== undefined && e.status !== visit.status;
      if (statusChanged) await updateVisitRow(tx, actor.tenantId, visit.id, { status: e.status!, ...(e.status === 'aborted' ? { abort_reason: e.reason ?? null } : {}) });
      const after = (await findVisit(tx.trx, actor.tenantId, visit.id))!;
      recordVisit(tx, actor.tenantId, after);
      if (statusChanged) await syncJobStatus(tx, actor.tenantId, job.id);
      await audit(tx, actor, 'visit.updated', visit.id, { ...common, before, after: { status: after.status, arrivedAt: arrivedAt ?? before.arrivedAt, departedAt: departedAt ?? before.departedAt }, ...(e.reason ? { reason: e.reason } : {}) });
      return 'applied';
    },
  };
}

// --- non-productive time from time sheets ---------------------------------------------------------

async function evaluateTime(scope: CatchupScope, e: Extract<TCatchupEntryParsed, { kind: 'time' }>, index: number): Promise<Evaluated> {
  const person = scope.people.get(e.engineerId);
  const activity = scope.activities.get(e.activityTypeId);
  const tz = scope.timeZone;
  const summary = `${person?.name ?? 'Someone'} · ${activity ?? 'time'} ${e.started}–${e.ended} (sheet of ${ukDate(e.paperDate)})`;
  if (!person || person.role === 'client') return invalid(index, summary, 'engineerId', 'No such engineer in this company.');
  if (!activity) return invalid(index, summary, 'activityTypeId', 'No such activity type: add it under Settings → Activity types first.');
  const startedAt = zonedTimeToUtc(e.paperDate, e.started, tz).toISOString();
  const endedAt = zonedTimeToUtc(e.paperDate, e.ended, tz).toISOString();
  const outcome: TCatchupOutcome = start(index, summary);
  const overlaps = await overlappingTimeEntries(scope.db, scope.tenantId, person.id, startedAt, endedAt);
  const identical = overlaps.find((o) => o.activityTypeId === e.activityTypeId && sameMinute(o.startedAt, startedAt) && sameMinute(o.endedAt, endedAt));
  const first = overlaps[0];
  if (identical) outcome.outcome = 'same';
  else if (first) {
    outcome.outcome = 'conflict';
    const name = (id: string) => scope.activities.get(id) ?? 'an activity';
    outcome.conflict = {
      token: tokenOf(overlaps.map((o) => [o.id, o.activityTypeId, o.startedAt, o.endedAt, o.note])),
      message:
        overlaps.length === 1
          ? `${person.name} already has ${name(first.activityTypeId)} ${hhmm(first.startedAt, tz)}–${hhmm(first.endedAt, tz)} synced in this time.`
          : `${person.name} already has ${overlaps.length} time entries synced in this time; the first is shown.`,
      fields: [
        { field: 'activityTypeId', label: 'Activity', format: 'activity', synced: name(first.activityTypeId), paper: activity, differs: first.activityTypeId !== e.activityTypeId },
        { field: 'startedAt', label: 'From', format: 'time', synced: first.startedAt, paper: startedAt, differs: !sameMinute(first.startedAt, startedAt) },
        { field: 'endedAt', label: 'To', format: 'time', synced: first.endedAt, paper: endedAt, differs: !sameMinute(first.endedAt, endedAt) },
        { field: 'note', label: 'Note', format: 'text', synced: first.note, paper: e.note ?? null, differs: (first.note ?? '') !== (e.note ?? '') },
      ],
      choices: overlaps.length === 1 ? ['keep_synced', 'apply_paper', 'keep_both'] : ['keep_synced', 'keep_both'],
      choiceLabels: {
        keep_synced: 'Keep the synced time (the paper entry is not recorded)',
        apply_paper: 'Change the synced entry to the paper times',
        keep_both: 'Keep both entries',
      },
    };
  }
  const isSame = outcome.outcome === 'same';
  return {
    outcome,
    batch: { person: person.id, start: startedAt, end: endedAt },
    async apply(tx, actor, choice) {
      if (isSame || choice === 'keep_synced') return 'skipped';
      const common = { paperDate: e.paperDate, userId: person.id, engineer: person.name, activity, startedAt, endedAt, enteredBy: await enteredBy(tx, actor), ...(choice ? { resolution: choice } : {}) };
      const record = (id: string, note: string | null) =>
        tx.record({ tenantId: actor.tenantId, entity: 'time_entry', id, op: 'put', data: { id, userId: person.id, activityTypeId: e.activityTypeId, startedAt, endedAt, note } });
      if (choice === 'apply_paper' && first) {
        const note = e.note ?? first.note;
        await tx.trx
          .updateTable('time_entries')
          .set({ activity_type_id: e.activityTypeId, started_at: startedAt, ended_at: endedAt, note })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', first.id)
          .execute();
        record(first.id, note);
        await audit(tx, actor, 'time_entry.added', first.id, { ...common, replacedEntry: first });
        return 'applied';
      }
      const id = newId();
      await tx.trx
        .insertInto('time_entries')
        .values({ id, tenant_id: actor.tenantId, user_id: person.id, activity_type_id: e.activityTypeId, started_at: startedAt, ended_at: endedAt, note: e.note ?? null, created_at: tx.now })
        .execute();
      record(id, e.note ?? null);
      await audit(tx, actor, 'time_entry.added', id, common);
      return 'applied';
    },
  };
}
