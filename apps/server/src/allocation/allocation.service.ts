import {
  capacityMinutesOn,
  dayRangeUtc,
  evaluateAllocation,
  localDate,
  minutesBetween,
  type TAllocationCheck,
  type TAllocationRule,
  type TJobPriority,
  type ZCreateRuleRequest,
  type ZUpdateRuleRequest,
} from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { withWriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { listEngineers } from '../engineers/engineers.repository.js';
import { newId } from '../ids.js';
import { findJobRow } from '../jobs/jobs.repository.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import { bookedMinutes } from '../visits/visits.repository.js';
import { listSiteWarnings } from '../warnings/warnings.repository.js';
import { findRule, listRules, saveRule } from './allocation.repository.js';

type Reader = Kysely<DB> | Transaction<DB>;

export interface ProposedAllocation {
  jobId: string;
  visitId?: string;
  startsAt: string;
  endsAt: string;
  engineerIds: readonly string[];
  acknowledgedRuleIds: readonly string[];
}

/**
 * Gathers what the rules look at — the job, the live warnings on its site and the site's assets,
 * the engineers' skills, working hours and what they already have that day (in the tenant's time
 * zone) — and asks the domain's `evaluateAllocation`. The board's dry run and every write use this.
 */
export async function checkAllocation(db: Reader, tenantId: string, p: ProposedAllocation, now: string): Promise<TAllocationCheck> {
  const job = await findJobRow(db, tenantId, p.jobId);
  if (!job) throw notFound('Job');
  const tenant = await findTenantById(db, tenantId);
  const tz = tenant?.timeZone ?? 'UTC';
  const engineerIds = [...new Set(p.engineerIds)];
  const engineers = await listEngineers(db, tenantId, engineerIds);
  if (engineers.length !== engineerIds.length) {
    throw new AppError('validation_failed', 'Every allocated person must be an active engineer of this company.', {
      issues: [{ path: 'body.engineerIds', message: 'Not an active engineer here.' }],
    });
  }
  const day = localDate(p.startsAt, tz);
  const booked = await bookedMinutes(db, tenantId, engineerIds, dayRangeUtc(day, tz), p.visitId);
  const warnings = await listSiteWarnings(db, tenantId, job.site_id, now, true);
  const rules = await listRules(db, tenantId);
  return evaluateAllocation({
    job: {
      jobType: job.job_type,
      priority: job.priority as TJobPriority,
      requiredSkills: JSON.parse(job.required_skills) as string[],
      requiredEngineers: job.required_engineers,
    },
    warningTypeKeys: [...new Set(warnings.map((w) => w.typeKey))],
    engineers: engineers.map((e) => ({
      id: e.id,
      name: e.name,
      skills: e.skills,
      bookedMinutes: booked.get(e.id) ?? 0,
      capacityMinutes: capacityMinutesOn(e.workingHours, day),
    })),
    visitMinutes: minutesBetween(p.startsAt, p.endsAt),
    rules,
    acknowledgedRuleIds: p.acknowledgedRuleIds,
  });
}

/** Refuses an allocation the rules do not allow, with the findings beside the error. */
export function assertAllowed(check: TAllocationCheck): void {
  if (check.allowed) return;
  const open = check.findings.filter((f) => !f.satisfied).map((f) => f.message);
  const what = open.length ? open.join('; ') : 'allocate at least one engineer';
  throw new AppError('allocation_refused', `This allocation is not allowed: ${what}.`, { extra: { check } });
}

export async function dryRunAllocation(ctx: AppContext, actor: Actor | undefined, p: ProposedAllocation): Promise<TAllocationCheck> {
  const a = requireRole(actor, 'admin', 'office');
  return checkAllocation(ctx.database.read, a.tenantId, p, ctx.clock.now().toISOString());
}

export async function listTenantRules(ctx: AppContext, actor: Actor | undefined): Promise<TAllocationRule[]> {
  const a = requireRole(actor, 'admin', 'office');
  return listRules(ctx.database.read, a.tenantId);
}

export async function createRule(ctx: AppContext, actor: Actor | undefined, input: z.output<typeof ZCreateRuleRequest>): Promise<TAllocationRule> {
  const a = requireRole(actor, 'admin');
  const rule: TAllocationRule = { id: newId(), ...input };
  await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    await saveRule(tx, a.tenantId, rule, true);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'rule.created', actorUserId: a.userId, actorLogin: a.login, subject: rule.id, details: { rule } });
  });
  return rule;
}

export async function updateRule(ctx: AppContext, actor: Actor | undefined, id: string, input: z.output<typeof ZUpdateRuleRequest>): Promise<TAllocationRule> {
  const a = requireRole(actor, 'admin');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const current = await findRule(tx.trx, a.tenantId, id);
    if (!current) throw notFound('Rule');
    const next: TAllocationRule = { ...current, ...input };
    await saveRule(tx, a.tenantId, next, false);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'rule.updated', actorUserId: a.userId, actorLogin: a.login, subject: id, details: { before: current, after: next } });
    return next;
  });
  return value;
}
