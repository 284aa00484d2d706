import { isWarningLive, sortWarnings, type TSeverity, type TWarning, type TWarningType } from '@fieldkeep/domain';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, WarningTypesTable, WarningsTable } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { AppError } from '../errors/app-error.js';

type Reader = Kysely<DB> | Transaction<DB>;

export type WarningRow = Selectable<WarningsTable> & { type_key: string; type_name: string; created_by_name: string | null };
export type WarningTypeRow = Selectable<WarningTypesTable>;

export const warningTypeRowToWarningType = (r: WarningTypeRow): TWarningType => ({
  id: r.id,
  key: r.key,
  name: r.name,
  defaultSeverity: r.default_severity as TSeverity,
  active: r.active === 1,
});

export function warningRowToWarning(r: WarningRow, now: string): TWarning {
  const w = {
    id: r.id,
    siteId: r.site_id,
    assetId: r.asset_id,
    typeId: r.type_id,
    typeKey: r.type_key,
    typeName: r.type_name,
    text: r.text,
    severity: r.severity as TSeverity,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    visibleToEngineers: r.visible_to_engineers === 1,
    createdAt: r.created_at,
    createdByName: r.created_by_name,
    removedAt: r.removed_at,
  };
  return { ...w, live: isWarningLive(w, now) };
}

/** What the change log carries for a warning (`live` is evaluated by whoever reads it, at their "now"). */
function warningChangeData(w: TWarning): Record<string, unknown> {
  const { live: _live, ...rest } = w;
  return rest;
}

function selectWarnings(db: Reader, tenantId: string) {
  return db
    .selectFrom('warnings as w')
    .innerJoin('warning_types as t', 't.id', 'w.type_id')
    .leftJoin('users as u', 'u.id', 'w.created_by')
    .selectAll('w')
    .select(['t.key as type_key', 't.name as type_name', 'u.name as created_by_name'])
    .where('w.tenant_id', '=', tenantId);
}

/**
 * The warnings that apply now to work at a site (and, when given, one of its assets): the site's own
 * warnings plus that asset's, most severe first. Warnings on the site's other assets are left out.
 * Expired, not-yet-started and removed warnings are not returned.
 */
export async function liveWarningsForSite(db: Reader, tenantId: string, siteId: string, assetId: string | null, now: Date | string): Promise<TWarning[]> {
  const t = typeof now === 'string' ? now : now.toISOString();
  const rows = await selectWarnings(db, tenantId)
    .where('w.site_id', '=', siteId)
    .where('w.removed_at', 'is', null)
    .where('w.valid_from', '<=', t)
    .where((eb) => eb.or([eb('w.valid_until', 'is', null), eb('w.valid_until', '>', t)]))
    .where((eb) => (assetId ? eb.or([eb('w.asset_id', 'is', null), eb('w.asset_id', '=', assetId)]) : eb('w.asset_id', 'is', null)))
    .execute();
  return sortWarnings(rows.map((r) => warningRowToWarning(r, t)));
}

/** Every warning on a site and its assets; `liveOnly` keeps those that apply at `now`. Bounded. */
export async function listSiteWarnings(db: Reader, tenantId: string, siteId: string, now: string, liveOnly: boolean, limit = 1000): Promise<TWarning[]> {
  let q = selectWarnings(db, tenantId).where('w.site_id', '=', siteId);
  if (liveOnly) {
    q = q
      .where('w.removed_at', 'is', null)
      .where('w.valid_from', '<=', now)
      .where((eb) => eb.or([eb('w.valid_until', 'is', null), eb('w.valid_until', '>', now)]));
  }
  const rows = await q.orderBy('w.valid_from', 'desc').orderBy('w.id').limit(limit).execute();
  return sortWarnings(rows.map((r) => warningRowToWarning(r, now)));
}

export async function findWarning(db: Reader, tenantId: string, id: string, now: string): Promise<TWarning | undefined> {
  const row = await selectWarnings(db, tenantId).where('w.id', '=', id).executeTakeFirst();
  return row && warningRowToWarning(row, now);
}

/** Live warnings per site (the site's own and its assets'), for site lists and badges. */
export async function liveWarningCounts(db: Reader, tenantId: string, siteIds: readonly string[], now: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (siteIds.length === 0) return counts;
  const rows = await db
    .selectFrom('warnings')
    .select(['site_id'])
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('site_id', 'in', siteIds)
    .where('removed_at', 'is', null)
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .groupBy('site_id')
    .execute();
  for (const r of rows) counts.set(r.site_id, Number(r.n));
  return counts;
}

export async function insertWarning(tx: WriteTx, row: Omit<Selectable<WarningsTable>, 'created_at' | 'removed_at' | 'removed_by'>): Promise<TWarning> {
  await tx.trx
    .insertInto('warnings')
    .values({ ...row, created_at: tx.now, removed_at: null, removed_by: null })
    .execute();
  const w = await findWarning(tx.trx, row.tenant_id, row.id, tx.now);
  if (!w) throw new Error('warning vanished after insert');
  tx.record({ tenantId: row.tenant_id, entity: 'warning', id: w.id, op: 'put', data: warningChangeData(w) });
  return w;
}

/** Marks a warning removed (warnings are never deleted: the history is the point). */
export async function markWarningRemoved(tx: WriteTx, tenantId: string, id: string, userId: string): Promise<TWarning> {
  await tx.trx
    .updateTable('warnings')
    .set({ removed_at: tx.now, removed_by: userId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  const w = await findWarning(tx.trx, tenantId, id, tx.now);
  if (!w) throw new Error('warning vanished after update');
  tx.record({ tenantId, entity: 'warning', id, op: 'put', data: warningChangeData(w) });
  return w;
}

// --- warning types -------------------------------------------------------------------------

export async function listWarningTypes(db: Reader, tenantId: string): Promise<TWarningType[]> {
  const rows = await db.selectFrom('warning_types').selectAll().where('tenant_id', '=', tenantId).orderBy(sql`lower(name)`).orderBy('key').limit(500).execute();
  return rows.map(warningTypeRowToWarningType);
}

export async function findWarningType(db: Reader, tenantId: string, id: string): Promise<TWarningType | undefined> {
  const row = await db.selectFrom('warning_types').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && warningTypeRowToWarningType(row);
}

export async function insertWarningType(tx: WriteTx, row: Omit<WarningTypeRow, 'created_at' | 'updated_at'>): Promise<TWarningType> {
  const full = await tx.trx
    .insertInto('warning_types')
    .values({ ...row, created_at: tx.now, updated_at: tx.now })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => {
      if (isKeyUniqueViolation(err)) throw new AppError('conflict', `A warning type with the key ${row.key} already exists.`);
      throw err;
    });
  const t = warningTypeRowToWarningType(full);
  tx.record({ tenantId: row.tenant_id, entity: 'warning_type', id: t.id, op: 'put', data: { ...t } });
  return t;
}

export async function updateWarningType(
  tx: WriteTx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<WarningTypeRow, 'name' | 'default_severity' | 'active'>>,
): Promise<TWarningType> {
  const full = await tx.trx
    .updateTable('warning_types')
    .set({ ...patch, updated_at: tx.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const t = warningTypeRowToWarningType(full);
  tx.record({ tenantId, entity: 'warning_type', id, op: 'put', data: { ...t } });
  return t;
}

/** The (tenant_id, key) unique constraint refused a row, on PostgreSQL or SQLite. */
function isKeyUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return typeof e.constraint === 'string' && e.constraint.includes('warning_types');
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes('warning_types.');
}
