import {
  canTransitionJob,
  dayRangeUtc,
  JOB_STATUS_LABELS,
  type TJob,
  type TJobDetail,
  type TJobNote,
  type TJobStatus,
  type ZCreateJobRequest,
  type ZJobListQuery,
  type ZUpdateJobRequest,
} from '@fieldkeep/domain';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx, type WriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { listJobAlerts, listJobSubmissions } from '../forms/submissions.repository.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import { listJobVisits } from '../visits/visits.repository.js';
import { listSiteWarnings, liveWarningCounts } from '../warnings/warnings.repository.js';
import { findJobRow, insertJob, listJobAttachments, insertJobNote, jobRowToJob, listJobNotes, listJobRows, nextJobNumber, updateJobRow, type JobFilter } from './jobs.repository.js';

type Reader = AppContext['database']['read'];

/** The job as the API shows it, with its site's live warning count. */
export async function loadJob(db: Reader | WriteTx['trx'], tenantId: string, id: string, now: string): Promise<TJob | undefined> {
  const row = await findJobRow(db, tenantId, id);
  if (!row) return undefined;
  const counts = await liveWarningCounts(db, tenantId, [row.site_id], now);
  return jobRowToJob(row, counts.get(row.site_id) ?? 0);
}

/** A client user reaches only its own organisation's jobs; other roles of the tenant reach all. */
function clientScope(a: Actor): string | undefined {
  return a.role === 'client' ? (a.clientId ?? '00000000-0000-0000-0000-000000000000') : undefined;
}

export async function listJobs(ctx: AppContext, actor: Actor | undefined, query: z.output<typeof ZJobListQuery>): Promise<{ jobs: TJob[]; total: number }> {
  const a = requireRole(actor, 'admin', 'office', 'client');
  const db = ctx.database.read;
  const tenant = await findTenantById(db, a.tenantId);
  const tz = tenant?.timeZone ?? 'UTC';
  const scope = clientScope(a);
  if (scope && query.clientId && query.clientId !== scope) return { jobs: [], total: 0 };
  const filter: JobFilter = {
    ...(query.status ? { status: query.status } : {}),
    ...(scope || query.clientId ? { clientId: scope ?? query.clientId } : {}),
    ...(query.siteId ? { siteId: query.siteId } : {}),
    ...(query.engineerId && !scope ? { engineerId: query.engineerId } : {}),
    ...(query.from ? { from: { date: query.from, utc: dayRangeUtc(query.from, tz).start } } : {}),
    ...(query.to ? { to: { date: query.to, utc: dayRangeUtc(query.to, tz).end } } : {}),
    ...(query.q ? { q: query.q } : {}),
    limit: query.limit,
    offset: query.offset,
  };
  const { rows, total } = await listJobRows(db, a.tenantId, filter);
  const now = ctx.clock.now().toISOString();
  const counts = await liveWarningCounts(db, a.tenantId, [...new Set(rows.map((r) => r.site_id))], now);
  return { jobs: rows.map((r) => jobRowToJob(r, scope ? 0 : (counts.get(r.site_id) ?? 0))), total };
}

export async function getJobDetail(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TJobDetail> {
  const a = requireRole(actor, 'admin', 'office', 'client');
  const db = ctx.database.read;
  const now = ctx.clock.now().toISOString();
  const job = await loadJob(db, a.tenantId, id, now);
  const scope = clientScope(a);
  if (!job || (scope && job.clientId !== scope)) throw notFound('Job');
  const visits = await listJobVisits(db, a.tenantId, id);
  const notes = await listJobNotes(db, a.tenantId, id, Boolean(scope));
  // Client portal: status, dates and client-visible notes; warnings and engineers stay in the office.
  if (scope) {
    return { job: { ...job, liveWarningCount: 0 }, visits: visits.map((v) => ({ ...v, engineers: [] })), notes, warnings: [], attachments: [], submissions: [], alerts: [] };
  }
  return {
    job,
    visits,
    notes,
    warnings: await listSiteWarnings(db, a.tenantId, job.siteId, now, true),
    attachments: await listJobAttachments(db, a.tenantId, id),
    submissions: await listJobSubmissions(db, a.tenantId, id),
    alerts: await listJobAlerts(db, a.tenantId, id),
  };
}

export async function createJob(ctx: AppContext, actor: Actor | undefined, input: z.output<typeof ZCreateJobRequest>): Promise<TJob> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, (tx) => createJobInTx(tx, a, input));
  return value;
}

/** What raising a job takes: the API's request, or a `job.create` mutation's args (its client is the site's). */
export type CreateJobInput = Omit<z.output<typeof ZCreateJobRequest>, 'clientId'> & { clientId?: string | undefined };

/**
 * Raises a job inside the caller's write transaction — the one implementation behind `POST
 * /api/jobs` and the `job.create` mutation (work queued on an office replica). `from.id` is the
 * client's own id for the job; the number is always drawn here. `from.recordedAt` is when the
 * client recorded it (kept in the audit entry).
 */
export async function createJobInTx(tx: WriteTx, actor: Actor | undefined, input: CreateJobInput, from: { id?: string; recordedAt?: string } = {}): Promise<TJob> {
  const a = requireRole(actor, 'admin', 'office');
  const site = await tx.trx.selectFrom('sites').select(['id', 'client_id']).where('tenant_id', '=', a.tenantId).where('id', '=', input.siteId).executeTakeFirst();
  if (!site) throw invalid('siteId', 'No such site.');
  if (input.clientId && input.clientId !== site.client_id) throw invalid('clientId', 'The site belongs to another client.');
  if (input.assetId) {
    const asset = await tx.trx.selectFrom('assets').select('id').where('tenant_id', '=', a.tenantId).where('id', '=', input.assetId).where('site_id', '=', site.id).executeTakeFirst();
    if (!asset) throw invalid('assetId', 'No such asset on this site.');
  }
  const id = from.id ?? newId();
  const number = await nextJobNumber(tx, a.tenantId);
  await insertJob(tx, {
    id,
    tenant_id: a.tenantId,
    number,
    client_id: site.client_id,
    site_id: site.id,
    asset_id: input.assetId ?? null,
    description: input.description,
    job_type: input.jobType,
    priority: input.priority,
    target_date: input.targetDate ?? null,
    required_skills: JSON.stringify([...new Set(input.requiredSkills)]),
    required_engineers: input.requiredEngineers,
    status: 'new',
    created_by: a.userId,
  });
  const job = await loadJob(tx.trx, a.tenantId, id, tx.now);
  if (!job) throw new Error('job vanished after insert');
  recordJob(tx, a.tenantId, job);
  await appendAudit(tx.trx, tx.now, {
    tenantId: a.tenantId,
    action: 'job.created',
    actorUserId: a.userId,
    actorLogin: a.login,
    subject: id,
    details: { reference: job.reference, ...(from.recordedAt ? { recordedAt: from.recordedAt } : {}) },
  });
  return job;
}

export async function updateJob(ctx: AppContext, actor: Actor | undefined, id: string, input: z.output<typeof ZUpdateJobRequest>): Promise<TJob> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, (tx) => updateJobInTx(tx, a, id, input));
  return value;
}

/**
 * Changes a job inside the caller's write transaction — the one implementation behind `PATCH
 * /api/jobs/:id` and the `job.setStatus` mutation. A status change follows the job state machine;
 * new, scheduled and in progress follow the visits, so only the outcomes are set here.
 */
export async function updateJobInTx(tx: WriteTx, actor: Actor | undefined, id: string, input: z.output<typeof ZUpdateJobRequest>, from: { recordedAt?: string } = {}): Promise<TJob> {
  const a = requireRole(actor, 'admin', 'office');
  const current = await loadJob(tx.trx, a.tenantId, id, tx.now);
  if (!current) throw notFound('Job');
  if (input.assetId) {
    const asset = await tx.trx.selectFrom('assets').select('id').where('tenant_id', '=', a.tenantId).where('id', '=', input.assetId).where('site_id', '=', current.siteId).executeTakeFirst();
    if (!asset) throw invalid('assetId', 'No such asset on this job’s site.');
  }
  if (input.status && input.status !== current.status) {
    // New, scheduled and in progress follow the job's visits; the office sets the outcomes.
    if (input.status === 'new' || input.status === 'scheduled' || input.status === 'in_progress') {
      throw new AppError('invalid_transition', `${JOB_STATUS_LABELS[input.status]} is set by the job’s visits: book, start or remove a visit instead.`);
    }
    assertJobTransition(current.status, input.status);
  }
  await updateJobRow(tx, a.tenantId, id, {
    ...(input.assetId !== undefined ? { asset_id: input.assetId } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.jobType !== undefined ? { job_type: input.jobType } : {}),
    ...(input.priority !== undefined ? { priority: input.priority } : {}),
    ...(input.targetDate !== undefined ? { target_date: input.targetDate } : {}),
    ...(input.requiredSkills !== undefined ? { required_skills: JSON.stringify([...new Set(input.requiredSkills)]) } : {}),
    ...(input.requiredEngineers !== undefined ? { required_engineers: input.requiredEngineers } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  });
  const job = (await loadJob(tx.trx, a.tenantId, id, tx.now))!;
  recordJob(tx, a.tenantId, job);
  const statusChanged = input.status && input.status !== current.status;
  const recorded = from.recordedAt ? { recordedAt: from.recordedAt } : {};
  await appendAudit(tx.trx, tx.now, {
    tenantId: a.tenantId,
    action: statusChanged ? 'job.status_changed' : 'job.updated',
    actorUserId: a.userId,
    actorLogin: a.login,
    subject: id,
    details: statusChanged ? { from: current.status, to: input.status, ...recorded } : { fields: Object.keys(input), ...recorded },
  });
  return job;
}

export async function addJobNote(ctx: AppContext, actor: Actor | undefined, jobId: string, input: { text: string; clientVisible: boolean }): Promise<TJobNote> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findJobRow(tx.trx, a.tenantId, jobId))) throw notFound('Job');
    const author = await tx.trx.selectFrom('users').select('name').where('id', '=', a.userId).executeTakeFirst();
    const note = await insertJobNote(tx, { tenantId: a.tenantId, jobId, text: input.text, clientVisible: input.clientVisible, authorId: a.userId, authorName: author?.name ?? a.login });
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'job_note.added', actorUserId: a.userId, actorLogin: a.login, subject: jobId, details: { noteId: note.id, clientVisible: note.clientVisible } });
    return note;
  });
  return value;
}

export function assertJobTransition(from: TJobStatus, to: TJobStatus): void {
  if (!canTransitionJob(from, to)) {
    throw new AppError('invalid_transition', `A job that is ${JOB_STATUS_LABELS[from].toLowerCase()} cannot become ${JOB_STATUS_LABELS[to].toLowerCase()}.`);
  }
}

export function recordJob(tx: WriteTx, tenantId: string, job: TJob): void {
  tx.record({ tenantId, entity: 'job', id: job.id, op: 'put', data: { ...job } });
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path: `body.${path}`, message }] });
}
