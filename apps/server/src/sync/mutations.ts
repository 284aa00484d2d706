import { canTransitionVisit, JOB_STATUS_LABELS, jobReference, MUTATION_ARGS, validateSubmission, VISIT_STATUS_LABELS, type TJobStatus, type TMutationArgs, type TMutationName } from '@fieldkeep/domain';
import type { Actor } from '../auth/actor.js';
import { findOwnedBlob } from '../blobs/blobs.repository.js';
import type { WriteTx } from '../db/write.js';
import { AppError } from '../errors/app-error.js';
import { getFormVersion } from '../forms/forms.repository.js';
import { newId } from '../ids.js';
import { findJobRow, insertJobNote } from '../jobs/jobs.repository.js';
import { createJobInTx, updateJobInTx } from '../jobs/jobs.service.js';
import { findVisit, recordVisit } from '../visits/visits.repository.js';
import { syncJobStatus } from '../visits/visits.service.js';

/** A permanent refusal: the mutation is not retried; it is kept whole as a rejection. */
export class Rejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Apply = () => Promise<void>;

/**
 * What one push's mutations share: a phone's batch is mostly notes and photos on the same few jobs,
 * so the job-scope check and the author's name are looked up once per batch, not per mutation.
 */
export class BatchContext {
  private readonly jobs = new Map<string, Promise<void>>();
  private author: Promise<string> | undefined;
  constructor(
    readonly tx: WriteTx,
    readonly actor: Actor,
  ) {}
  jobInScope(jobId: string): Promise<void> {
    let p = this.jobs.get(jobId);
    if (!p) {
      p = assertJobInScope(this.tx, this.actor, jobId);
      this.jobs.set(jobId, p);
    }
    return p;
  }
  authorName(): Promise<string> {
    this.author ??= this.tx.trx
      .selectFrom('users')
      .select('name')
      .where('id', '=', this.actor.userId)
      .executeTakeFirst()
      .then((u) => u?.name ?? this.actor.login);
    return this.author;
  }
}

/** Checks everything first (throwing a Rejection), then answers the writes to make. */
type Handler<N extends TMutationName> = (batch: BatchContext, args: TMutationArgs<N>) => Promise<Apply>;

const isStaff = (a: Actor) => a.role === 'admin' || a.role === 'office';

/** A job is the engineer's when one of its visits is (any time): notes and photos may go on it. */
async function assertJobInScope(tx: WriteTx, actor: Actor, jobId: string): Promise<void> {
  const job = await tx.trx.selectFrom('jobs').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', jobId).executeTakeFirst();
  if (!job) throw new Rejection('not_found', 'That job does not exist (any more).');
  if (isStaff(actor)) return;
  const mine = await tx.trx
    .selectFrom('visits as v')
    .innerJoin('visit_engineers as ve', 've.visit_id', 'v.id')
    .select('v.id')
    .where('v.tenant_id', '=', actor.tenantId)
    .where('v.job_id', '=', jobId)
    .where('ve.engineer_id', '=', actor.userId)
    .executeTakeFirst();
  if (!mine) throw new Rejection('forbidden', 'That job is not allocated to you.');
}

/** A primary-key clash on insert: the phone reused an id (records it makes carry its own ids). */
export function isDuplicateId(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (e.code === '23505') return true;
  return e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes('.id'));
}

const visitSetStatus: Handler<'visit.setStatus'> = async ({ tx, actor }, a) => {
  const visit = await findVisit(tx.trx, actor.tenantId, a.visitId);
  if (!visit) throw new Rejection('not_found', 'That visit does not exist (any more).');
  const mine = visit.engineers.some((e) => e.id === actor.userId);
  if (!mine && !isStaff(actor)) throw new Rejection('not_allocated', 'This visit was reallocated to someone else.');
  const already = visit.status === a.status; // e.g. the second engineer arriving at a shared visit
  if (!already && !canTransitionVisit(visit.status, a.status)) {
    throw new Rejection(
      'invalid_transition',
      `The visit is ${VISIT_STATUS_LABELS[visit.status].toLowerCase()} at the office; it cannot become ${VISIT_STATUS_LABELS[a.status].toLowerCase()}.`,
    );
  }
  if (!already && a.status === 'aborted' && !a.reason) throw new Rejection('reason_required', 'Aborting a visit needs a reason.');
  return async () => {
    if (!already) {
      await tx.trx
      .updateTable('visits')
      .set({ status: a.status, updated_at: tx.now, ...(a.status === 'aborted' ? { abort_reason: a.reason ?? null } : {}) })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', a.visitId)
      .execute();
    }
    // Each engineer's own arrival and departure, at the time the phone recorded it.
    if (mine && a.status === 'on_site') {
      await tx.trx.updateTable('visit_engineers').set({ arrived_at: a.at }).where('visit_id', '=', a.visitId).where('engineer_id', '=', actor.userId).where('arrived_at', 'is', null).execute();
    }
    if (mine && (a.status === 'completed' || a.status === 'aborted')) {
      await tx.trx.updateTable('visit_engineers').set({ departed_at: a.at }).where('visit_id', '=', a.visitId).where('engineer_id', '=', actor.userId).execute();
    }
    recordVisit(tx, actor.tenantId, (await findVisit(tx.trx, actor.tenantId, a.visitId))!);
    if (!already) await syncJobStatus(tx, actor.tenantId, visit.jobId);
  };
};

const jobNoteAdd: Handler<'jobNote.add'> = async (batch, a) => {
  const { tx, actor } = batch;
  await batch.jobInScope(a.jobId);
  const authorName = await batch.authorName();
  // A repeated id is caught by the primary key (see DuplicateId below): no lookup per note.
  return async () => {
    await insertJobNote(tx, { tenantId: actor.tenantId, jobId: a.jobId, text: a.text, clientVisible: false, authorId: actor.userId, authorName, id: a.id, at: a.at });
  };
};

const attachmentAdd: Handler<'attachment.add'> = async (batch, a) => {
  const { tx, actor } = batch;
  await batch.jobInScope(a.jobId);
  const blob = await findOwnedBlob(tx.trx, actor.tenantId, a.sha256);
  if (!blob) throw new Rejection('blob_missing', 'The file was not uploaded before the record that names it.');
  if (blob.size !== a.size) throw new Rejection('validation_failed', `The file has ${blob.size} bytes, not ${a.size}.`);
  if (a.visitId) {
    const v = await findVisit(tx.trx, actor.tenantId, a.visitId);
    if (!v || v.jobId !== a.jobId) throw new Rejection('validation_failed', 'That visit is not on this job.');
  }
  return async () => {
    const row = { id: a.id, tenant_id: actor.tenantId, job_id: a.jobId, visit_id: a.visitId ?? null, kind: a.kind, sha256: a.sha256, content_type: a.contentType, size: a.size, at: a.at, created_by: actor.userId, created_at: tx.now };
    await tx.trx.insertInto('attachments').values(row).execute();
    tx.record({ tenantId: actor.tenantId, entity: 'attachment', id: a.id, op: 'put', data: { id: a.id, jobId: a.jobId, visitId: a.visitId ?? null, kind: a.kind, sha256: a.sha256, contentType: a.contentType, size: a.size, at: a.at } });
  };
};

const timeEntryAdd: Handler<'timeEntry.add'> = async ({ tx, actor }, a) => {
  const type = await tx.trx.selectFrom('activity_types').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', a.activityTypeId).executeTakeFirst();
  if (!type) throw new Rejection('not_found', 'That activity type does not exist.');
  return async () => {
    const row = { id: a.id, tenant_id: actor.tenantId, user_id: actor.userId, activity_type_id: a.activityTypeId, started_at: a.startedAt, ended_at: a.endedAt, note: a.note ?? null, created_at: tx.now };
    await tx.trx.insertInto('time_entries').values(row).execute();
    tx.record({ tenantId: actor.tenantId, entity: 'time_entry', id: a.id, op: 'put', data: { id: a.id, userId: actor.userId, activityTypeId: a.activityTypeId, startedAt: a.startedAt, endedAt: a.endedAt, note: a.note ?? null } });
  };
};

const formSubmissionSubmit: Handler<'formSubmission.submit'> = async ({ tx, actor }, a) => {
  // Checked against the version the phone answered (an older one stays valid), with the same
  // function the phone ran offline.
  const def = await getFormVersion(tx.trx, actor.tenantId, a.formId, a.formVersion);
  if (!def) throw new Rejection('not_found', `Form version ${a.formVersion} does not exist.`);
  let visit: Awaited<ReturnType<typeof findVisit>>;
  if (a.visitId) {
    visit = await findVisit(tx.trx, actor.tenantId, a.visitId);
    if (!visit) throw new Rejection('not_found', 'That visit does not exist.');
    if (!isStaff(actor) && !visit.engineers.some((e) => e.id === actor.userId)) throw new Rejection('not_allocated', 'That visit is not allocated to you.');
  }
  const result = validateSubmission(def, a.answers);
  if (!result.ok) {
    const first = result.errors[0]!;
    const q = def.questions.find((x) => x.id === first.questionId);
    throw new Rejection('validation_failed', `${q ? `"${q.text}": ` : ''}${first.message}`);
  }
  // Photos and signatures are named by hash: the files must be this tenant's, uploaded first.
  const shas = def.questions.flatMap((q) => {
    const v = result.answers[q.id];
    if (q.type === 'photo' && Array.isArray(v)) return v;
    if (q.type === 'signature' && typeof v === 'string') return [v];
    return [];
  });
  for (const sha of shas) {
    if (!(await findOwnedBlob(tx.trx, actor.tenantId, sha))) throw new Rejection('blob_missing', 'A photo or signature in this form was not uploaded before the form.');
  }
  const abort = result.outcomes.find((o) => o.effect === 'abort_visit');
  const alerts = result.outcomes.filter((o) => o.effect === 'alert_office');
  return async () => {
    const row = {
      id: a.id,
      tenant_id: actor.tenantId,
      form_id: a.formId,
      form_version: a.formVersion,
      user_id: actor.userId,
      visit_id: a.visitId ?? null,
      day: a.day ?? null,
      answers: JSON.stringify(result.answers),
      outcomes: JSON.stringify(result.outcomes),
      at: a.at,
      received_at: tx.now,
    };
    await tx.trx.insertInto('form_submissions').values(row).execute();
    tx.record({ tenantId: actor.tenantId, entity: 'form_submission', id: a.id, op: 'put', data: { id: a.id, formId: a.formId, formVersion: a.formVersion, userId: actor.userId, visitId: row.visit_id, day: row.day, answers: result.answers, outcomes: result.outcomes, at: a.at } });
    for (const o of alerts) {
      await tx.trx
        .insertInto('form_alerts')
        .values({ id: newId(), tenant_id: actor.tenantId, submission_id: a.id, visit_id: row.visit_id, user_id: actor.userId, message: o.message, at: a.at, resolved_at: null })
        .execute();
    }
    // An answer that stops the visit stops it here too, whatever else the phone sends.
    if (abort && visit && canTransitionVisit(visit.status, 'aborted')) {
      const reasonAnswer = result.answers.unsafe_reason;
      const reason = `Aborted by ${def.name.toLowerCase()}: ${typeof reasonAnswer === 'string' && reasonAnswer ? reasonAnswer : abort.message}`;
      await tx.trx.updateTable('visits').set({ status: 'aborted', abort_reason: reason, updated_at: tx.now }).where('tenant_id', '=', actor.tenantId).where('id', '=', visit.id).execute();
      await tx.trx.updateTable('visit_engineers').set({ departed_at: a.at }).where('visit_id', '=', visit.id).where('engineer_id', '=', actor.userId).execute();
      recordVisit(tx, actor.tenantId, (await findVisit(tx.trx, actor.tenantId, visit.id))!);
      await syncJobStatus(tx, actor.tenantId, visit.jobId);
    }
  };
};

/**
 * Runs a service's in-transaction step (the same one the office's HTTP route runs): what it refuses
 * (a 4xx AppError: validation, not found, a transition no longer allowed) becomes a rejection kept
 * whole; anything else is a fault and rolls the batch back.
 */
async function refusalsAsRejections<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status < 500) throw new Rejection(err.code, err.message);
    throw err;
  }
}

/** A job raised on an office replica: the client's id, the primary's number (createJobInTx). */
const jobCreate: Handler<'job.create'> = async ({ tx, actor }, a) => {
  if (!isStaff(actor)) throw new Rejection('forbidden', 'Only office staff can raise jobs.');
  // A repeated id is caught by the primary key (duplicate_id), as for every record a client names.
  return async () => {
    await refusalsAsRejections(() => createJobInTx(tx, actor, a, { id: a.id, recordedAt: a.at }));
  };
};

/**
 * An office outcome for a job (updateJobInTx's rules). The job may have moved on since it was
 * recorded (an engineer's sync completed it): then it is a rejection that says so — never merged.
 */
const jobSetStatus: Handler<'job.setStatus'> = async (batch, a) => {
  const { tx, actor } = batch;
  if (!isStaff(actor)) throw new Rejection('forbidden', 'Only office staff set a job’s outcome; engineers finish their visits instead.');
  const row = await findJobRow(tx.trx, actor.tenantId, a.jobId);
  if (!row) throw new Rejection('not_found', 'That job does not exist (any more).');
  const current = row.status as TJobStatus;
  const authorName = a.reason ? await batch.authorName() : '';
  return async () => {
    // Already there (two people recorded the same outcome): nothing to change; the reason is still kept.
    if (current !== a.status) {
      try {
        await refusalsAsRejections(() => updateJobInTx(tx, actor, a.jobId, { status: a.status }, { recordedAt: a.at }));
      } catch (err) {
        if (!(err instanceof Rejection) || err.code !== 'invalid_transition') throw err;
        throw new Rejection(
          'invalid_transition',
          `${jobReference(row.number)} is “${JOB_STATUS_LABELS[current]}” now, so it cannot become “${JOB_STATUS_LABELS[a.status]}”: it changed after this was recorded. Open the job and decide again.`,
        );
      }
    }
    if (a.reason) {
      await insertJobNote(tx, { tenantId: actor.tenantId, jobId: a.jobId, text: `${JOB_STATUS_LABELS[a.status]}: ${a.reason}`, clientVisible: false, authorId: actor.userId, authorName, at: a.at });
    }
  };
};

const HANDLERS: { [N in TMutationName]: Handler<N> } = {
  'visit.setStatus': visitSetStatus,
  'jobNote.add': jobNoteAdd,
  'attachment.add': attachmentAdd,
  'timeEntry.add': timeEntryAdd,
  'formSubmission.submit': formSubmissionSubmit,
  'job.create': jobCreate,
  'job.setStatus': jobSetStatus,
};

export const isKnownMutation = (name: string): name is TMutationName => Object.hasOwn(MUTATION_ARGS, name);

/** Validates and prepares one mutation; throws a Rejection for anything the phone cannot fix by retrying. */
export async function prepareMutation(batch: BatchContext, name: TMutationName, rawArgs: unknown): Promise<Apply> {
  const parsed = MUTATION_ARGS[name].safeParse(rawArgs);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Rejection('validation_failed', first ? `${first.path.join('.') || 'args'}: ${first.message}` : 'The mutation is not valid.');
  }
  const handler = HANDLERS[name] as Handler<TMutationName>;
  return handler(batch, parsed.data);
}
