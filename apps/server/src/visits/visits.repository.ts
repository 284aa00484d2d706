import { minutesBetween, type TVisit, type TVisitStatus } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

/** Visits that hold an engineer's time: anything not finished or called off. */
export const ACTIVE_VISIT_STATUSES: readonly TVisitStatus[] = ['scheduled', 'travelling', 'on_site', 'paused'];

async function withEngineers(
  db: Reader,
  tenantId: string,
  rows: Array<{ id: string; job_id: string; starts_at: string; ends_at: string; status: string; abort_reason: string | null }>,
): Promise<TVisit[]> {
  if (rows.length === 0) return [];
  const ve = await db
    .selectFrom('visit_engineers as ve')
    .innerJoin('users as u', 'u.id', 've.engineer_id')
    .select(['ve.visit_id', 'u.id', 'u.name', 've.arrived_at', 've.departed_at'])
    .where('ve.tenant_id', '=', tenantId)
    .where(
      've.visit_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    jobId: r.job_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status as TVisitStatus,
    engineers: ve.filter((e) => e.visit_id === r.id).map((e) => ({ id: e.id, name: e.name, arrivedAt: e.arrived_at, departedAt: e.departed_at })),
    abortReason: r.abort_reason,
  }));
}

export async function listJobVisits(db: Reader, tenantId: string, jobId: string): Promise<TVisit[]> {
  const rows = await db.selectFrom('visits').selectAll().where('tenant_id', '=', tenantId).where('job_id', '=', jobId).orderBy('starts_at').limit(500).execute();
  return withEngineers(db, tenantId, rows);
}

export async function findVisit(db: Reader, tenantId: string, id: string): Promise<TVisit | undefined> {
  const row = await db.selectFrom('visits').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? (await withEngineers(db, tenantId, [row]))[0] : undefined;
}

/** Visits overlapping [start, end), with their engineers (the board). */
export async function listVisitsBetween(db: Reader, tenantId: string, start: string, end: string): Promise<Array<TVisit>> {
  const rows = await db
    .selectFrom('visits')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('starts_at', '<', end)
    .where('ends_at', '>', start)
    .where('status', '!=', 'aborted')
    .orderBy('starts_at')
    .limit(20_000)
    .execute();
  return withEngineers(db, tenantId, rows);
}

/** Minutes each engineer is already booked in [start, end), not counting one visit (the one being moved). */
export async function bookedMinutes(
  db: Reader,
  tenantId: string,
  engineerIds: readonly string[],
  range: { start: string; end: string },
  excludeVisitId?: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>(engineerIds.map((id) => [id, 0]));
  if (engineerIds.length === 0) return out;
  let q = db
    .selectFrom('visits as v')
    .innerJoin('visit_engineers as ve', 've.visit_id', 'v.id')
    .select(['ve.engineer_id', 'v.starts_at', 'v.ends_at'])
    .where('v.tenant_id', '=', tenantId)
    .where('ve.engineer_id', 'in', engineerIds)
    .where('v.starts_at', '<', range.end)
    .where('v.ends_at', '>', range.start)
    .where('v.status', 'in', ACTIVE_VISIT_STATUSES);
  if (excludeVisitId) q = q.where('v.id', '!=', excludeVisitId);
  for (const r of await q.execute()) {
    const s = r.starts_at > range.start ? r.starts_at : range.start;
    const e = r.ends_at < range.end ? r.ends_at : range.end;
    out.set(r.engineer_id, (out.get(r.engineer_id) ?? 0) + minutesBetween(s, e));
  }
  return out;
}

export async function insertVisit(tx: WriteTx, v: { id: string; tenantId: string; jobId: string; startsAt: string; endsAt: string; engineerIds: readonly string[] }): Promise<void> {
  await tx.trx
    .insertInto('visits')
    .values({ id: v.id, tenant_id: v.tenantId, job_id: v.jobId, starts_at: v.startsAt, ends_at: v.endsAt, status: 'scheduled', created_at: tx.now, updated_at: tx.now })
    .execute();
  await setVisitEngineers(tx, v.tenantId, v.id, v.engineerIds);
}

export async function setVisitEngineers(tx: WriteTx, tenantId: string, visitId: string, engineerIds: readonly string[]): Promise<void> {
  await tx.trx.deleteFrom('visit_engineers').where('tenant_id', '=', tenantId).where('visit_id', '=', visitId).where('engineer_id', 'not in', [...engineerIds]).execute();
  const existing = new Set(
    (await tx.trx.selectFrom('visit_engineers').select('engineer_id').where('visit_id', '=', visitId).execute()).map((r) => r.engineer_id),
  );
  const add = [...new Set(engineerIds)].filter((id) => !existing.has(id));
  if (add.length) {
    await tx.trx
      .insertInto('visit_engineers')
      .values(add.map((id) => ({ tenant_id: tenantId, visit_id: visitId, engineer_id: id, arrived_at: null, departed_at: null })))
      .execute();
  }
}

export async function updateVisitRow(tx: WriteTx, tenantId: string, id: string, patch: { starts_at?: string; ends_at?: string; status?: string; abort_reason?: string | null }): Promise<void> {
  await tx.trx.updateTable('visits').set({ ...patch, updated_at: tx.now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteVisitRow(tx: WriteTx, tenantId: string, id: string): Promise<void> {
  await tx.trx.deleteFrom('allocation_acknowledgements').where('tenant_id', '=', tenantId).where('visit_id', '=', id).execute();
  await tx.trx.deleteFrom('visit_engineers').where('tenant_id', '=', tenantId).where('visit_id', '=', id).execute();
  await tx.trx.deleteFrom('visits').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** The change-log record of a visit: what a phone or replica needs to show it. */
export function recordVisit(tx: WriteTx, tenantId: string, v: TVisit): void {
  tx.record({ tenantId, entity: 'visit', id: v.id, op: 'put', data: { ...v, engineerIds: v.engineers.map((e) => e.id) } });
}
