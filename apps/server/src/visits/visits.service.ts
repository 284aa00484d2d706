import {
  canTransitionJob,
  canTransitionVisit,
  jobStatusFromVisits,
  VISIT_STATUS_LABELS,
  type TJobStatus,
  type TVisit,
  type TVisitStatus,
  type ZCreateVisitRequest,
  type ZUpdateVisitRequest,
} from '@fieldkeep/domain';
import type { z } from 'zod';
import { insertAcknowledgement } from '../allocation/allocation.repository.js';
import { assertAllowed, checkAllocation } from '../allocation/allocation.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx, type WriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findJobRow, updateJobRow } from '../jobs/jobs.repository.js';
import { assertJobTransition, loadJob, recordJob } from '../jobs/jobs.service.js';
import { deleteVisitRow, findVisit, insertVisit, listJobVisits, recordVisit, setVisitEngineers, updateVisitRow } from './visits.repository.js';

/** Keeps the job's status in step with its visits (scheduled while one is booked, in progress while one is under way). */
export async function syncJobStatus(tx: WriteTx, tenantId: string, jobId: string): Promise<void> {
  const row = await findJobRow(tx.trx, tenantId, jobId);
  if (!row) return;
  const next = jobStatusFromVisits(row.status as TJobStatus, await listJobVisits(tx.trx, tenantId, jobId));
  if (!next || next === row.status || !canTransitionJob(row.status as TJobStatus, next)) return;
  await updateJobRow(tx, tenantId, jobId, { status: next });
  const job = await loadJob(tx.trx, tenantId, jobId, tx.now);
  if (job) recordJob(tx, tenantId, job);
}

async function acknowledge(tx: WriteTx, a: Actor, visitId: string, check: Awaited<ReturnType<typeof checkAllocation>>, acknowledged: readonly string[]): Promise<void> {
  for (const f of check.findings) {
    if (f.outcome !== 'warn' || !f.ruleId || !acknowledged.includes(f.ruleId)) continue;
    await insertAcknowledgement(tx, { tenantId: a.tenantId, visitId, ruleId: f.ruleId, ruleName: f.ruleName, message: f.message, userId: a.userId });
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'allocation.acknowledged',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: visitId,
      details: { ruleId: f.ruleId, ruleName: f.ruleName, message: f.message },
    });
  }
}

const OPEN_FOR_VISITS: readonly TJobStatus[] = ['new', 'scheduled', 'in_progress', 'follow_on', 'aborted'];

export async function createVisit(ctx: AppContext, actor: Actor | undefined, input: z.output<typeof ZCreateVisitRequest>): Promise<TVisit> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const job = await findJobRow(tx.trx, a.tenantId, input.jobId);
    if (!job) throw new AppError('validation_failed', 'No such job.', { issues: [{ path: 'body.jobId', message: 'No such job.' }] });
    if (!OPEN_FOR_VISITS.includes(job.status as TJobStatus)) throw new AppError('invalid_transition', `A ${job.status} job cannot be given a visit.`);
    // The server re-checks the rules on every write, whatever the screen showed.
    const check = await checkAllocation(tx.trx, a.tenantId, { ...input }, tx.now);
    assertAllowed(check);
    const id = newId();
    await insertVisit(tx, { id, tenantId: a.tenantId, jobId: input.jobId, startsAt: input.startsAt, endsAt: input.endsAt, engineerIds: input.engineerIds });
    await acknowledge(tx, a, id, check, input.acknowledgedRuleIds);
    if (job.status !== 'scheduled' && job.status !== 'in_progress') {
      assertJobTransition(job.status as TJobStatus, 'scheduled');
      await updateJobRow(tx, a.tenantId, input.jobId, { status: 'scheduled' });
      const j = await loadJob(tx.trx, a.tenantId, input.jobId, tx.now);
      if (j) recordJob(tx, a.tenantId, j);
    }
    const visit = (await findVisit(tx.trx, a.tenantId, id))!;
    recordVisit(tx, a.tenantId, visit);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'visit.allocated',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { jobId: input.jobId, engineerIds: input.engineerIds, startsAt: input.startsAt, endsAt: input.endsAt },
    });
    return visit;
  });
  return value;
}

export async function updateVisit(ctx: AppContext, actor: Actor | undefined, id: string, input: z.output<typeof ZUpdateVisitRequest>): Promise<TVisit> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const current = await findVisit(tx.trx, a.tenantId, id);
    if (!current) throw notFound('Visit');
    if (current.status === 'completed' || current.status === 'aborted') throw new AppError('invalid_transition', `A ${current.status} visit cannot be moved or reallocated.`);
    const next = {
      startsAt: input.startsAt ?? current.startsAt,
      endsAt: input.endsAt ?? current.endsAt,
      engineerIds: input.engineerIds ?? current.engineers.map((e) => e.id),
    };
    if (next.endsAt <= next.startsAt) throw new AppError('validation_failed', 'A visit ends after it starts.', { issues: [{ path: 'body.endsAt', message: 'A visit ends after it starts.' }] });
    const check = await checkAllocation(tx.trx, a.tenantId, { jobId: current.jobId, visitId: id, ...next, acknowledgedRuleIds: input.acknowledgedRuleIds }, tx.now);
    assertAllowed(check);
    await updateVisitRow(tx, a.tenantId, id, { starts_at: next.startsAt, ends_at: next.endsAt });
    await setVisitEngineers(tx, a.tenantId, id, next.engineerIds);
    await acknowledge(tx, a, id, check, input.acknowledgedRuleIds);
    const visit = (await findVisit(tx.trx, a.tenantId, id))!;
    recordVisit(tx, a.tenantId, visit);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'visit.updated', actorUserId: a.userId, actorLogin: a.login, subject: id, details: { before: current, after: next } });
    return visit;
  });
  return value;
}

export async function setVisitStatus(ctx: AppContext, actor: Actor | undefined, id: string, status: TVisitStatus, reason?: string): Promise<TVisit> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const current = await findVisit(tx.trx, a.tenantId, id);
    if (!current) throw notFound('Visit');
    if (current.status !== status && !canTransitionVisit(current.status, status)) {
      throw new AppError('invalid_transition', `A visit that is ${VISIT_STATUS_LABELS[current.status].toLowerCase()} cannot become ${VISIT_STATUS_LABELS[status].toLowerCase()}.`);
    }
    if (status === 'aborted' && !reason) {
      throw new AppError('validation_failed', 'Say why the visit was aborted.', { issues: [{ path: 'body.reason', message: 'Required when aborting.' }] });
    }
    await updateVisitRow(tx, a.tenantId, id, { status, ...(status === 'aborted' ? { abort_reason: reason ?? null } : {}) });
    await syncJobStatus(tx, a.tenantId, current.jobId);
    const visit = (await findVisit(tx.trx, a.tenantId, id))!;
    recordVisit(tx, a.tenantId, visit);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'visit.updated', actorUserId: a.userId, actorLogin: a.login, subject: id, details: { from: current.status, to: status, reason } });
    return visit;
  });
  return value;
}

/** Takes a visit off the board (only one not yet started); the job goes back to the unallocated list. */
export async function removeVisit(ctx: AppContext, actor: Actor | undefined, id: string): Promise<void> {
  const a = requireRole(actor, 'admin', 'office');
  await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const current = await findVisit(tx.trx, a.tenantId, id);
    if (!current) throw notFound('Visit');
    if (current.status !== 'scheduled') throw new AppError('invalid_transition', 'Only a visit not yet started can be taken off the board; abort it instead.');
    await deleteVisitRow(tx, a.tenantId, id);
    tx.record({ tenantId: a.tenantId, entity: 'visit', id, op: 'delete', data: null });
    await syncJobStatus(tx, a.tenantId, current.jobId);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'visit.removed', actorUserId: a.userId, actorLogin: a.login, subject: id, details: { jobId: current.jobId } });
  });
}
