import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, PackRunsTable, PacksTable, PackSettingsTable } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

/** Visits that still have work to do: a finished or aborted visit needs no job sheet. */
const OPEN_VISIT = ['scheduled', 'travelling', 'on_site', 'paused'] as const;
/** Jobs still waiting for work (JOB_TRANSITIONS: everything that is not closed). */
export const OPEN_JOB = ['new', 'scheduled', 'in_progress', 'follow_on', 'aborted'] as const;

/** Every tenant, for the nightly run over all of them. */
export async function listTenants(db: Reader) {
  return db.selectFrom('tenants').select(['id', 'slug', 'name']).orderBy('slug').execute();
}

// ---- What goes into a pack (all reads run in one snapshot: see pack-data.ts) ----

export async function listEngineers(db: Reader, tenantId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'engineer')
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Open visits of open jobs starting in [startUtc, endUtc), with their job, site and client. */
export async function listVisitsBetween(db: Reader, tenantId: string, startUtc: string, endUtc: string) {
  return db
    .selectFrom('visits as v')
    .innerJoin('jobs as j', 'j.id', 'v.job_id')
    .innerJoin('sites as s', 's.id', 'j.site_id')
    .innerJoin('clients as c', 'c.id', 'j.client_id')
    .select([
      'v.id as visit_id',
      'v.starts_at',
      'v.ends_at',
      'v.status as visit_status',
      'j.id as job_id',
      'j.number',
      'j.description',
      'j.job_type',
      'j.priority',
      'j.target_date',
      'j.asset_id',
      'j.status as job_status',
      's.id as site_id',
      's.name as site_name',
      's.address1',
      's.address2',
      's.town',
      's.postcode',
      's.access_notes',
      's.occupant_name',
      's.occupant_phone',
      'c.id as client_id',
      'c.name as client_name',
      'c.phone as client_phone',
    ])
    .where('v.tenant_id', '=', tenantId)
    .where('v.starts_at', '>=', startUtc)
    .where('v.starts_at', '<', endUtc)
    .where('v.status', 'in', OPEN_VISIT)
    .where('j.status', 'in', OPEN_JOB)
    .orderBy('v.starts_at')
    .orderBy('v.id')
    .execute();
}

export async function listVisitEngineers(db: Reader, tenantId: string, visitIds: readonly string[]) {
  if (visitIds.length === 0) return [];
  return db
    .selectFrom('visit_engineers as ve')
    .innerJoin('users as u', 'u.id', 've.engineer_id')
    .select(['ve.visit_id', 've.engineer_id', 'u.name'])
    .where('ve.tenant_id', '=', tenantId)
    .where('ve.visit_id', 'in', visitIds)
    .orderBy('u.name')
    .execute();
}

/** Every warning on these sites that is not removed (liveness at the visit's time is checked by the caller). */
export async function listSiteWarnings(db: Reader, tenantId: string, siteIds: readonly string[]) {
  if (siteIds.length === 0) return [];
  return db
    .selectFrom('warnings as w')
    .innerJoin('warning_types as t', 't.id', 'w.type_id')
    .select(['w.id', 'w.site_id', 'w.asset_id', 'w.text', 'w.severity', 'w.valid_from', 'w.valid_until', 'w.visible_to_engineers', 't.name as type_name'])
    .where('w.tenant_id', '=', tenantId)
    .where('w.site_id', 'in', siteIds)
    .where('w.removed_at', 'is', null)
    .execute();
}

export async function listAssets(db: Reader, tenantId: string, assetIds: readonly string[]) {
  if (assetIds.length === 0) return [];
  return db.selectFrom('assets').select(['id', 'type', 'make', 'model', 'serial', 'location']).where('tenant_id', '=', tenantId).where('id', 'in', assetIds).execute();
}

/** The newest notes of these jobs, newest first (the caller keeps a few per job). */
export async function listJobNotes(db: Reader, tenantId: string, jobIds: readonly string[]) {
  if (jobIds.length === 0) return [];
  return db
    .selectFrom('job_notes')
    .select(['job_id', 'text', 'author_name', 'at'])
    .where('tenant_id', '=', tenantId)
    .where('job_id', 'in', jobIds)
    .orderBy('at', 'desc')
    .orderBy('id')
    .execute();
}

export async function listClients(db: Reader, tenantId: string) {
  return db.selectFrom('clients').select(['id', 'name', 'address', 'phone', 'email']).where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
}

export async function listSuppliers(db: Reader, tenantId: string) {
  return db.selectFrom('suppliers').select(['id', 'name', 'address', 'phone', 'email']).where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
}

export async function listContacts(db: Reader, tenantId: string) {
  return db
    .selectFrom('contacts')
    .select(['owner_kind', 'owner_id', 'name', 'role', 'email', 'phone'])
    .where('tenant_id', '=', tenantId)
    .orderBy('owner_id')
    .orderBy('position')
    .execute();
}

export async function listSites(db: Reader, tenantId: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('clients as c', 'c.id', 's.client_id')
    .select(['s.id', 's.name', 's.address1', 's.address2', 's.town', 's.postcode', 's.access_notes', 's.occupant_name', 's.occupant_phone', 's.occupant_email', 'c.name as client_name'])
    .where('s.tenant_id', '=', tenantId)
    .orderBy('s.name')
    .orderBy('s.id')
    .execute();
}

/** Open jobs, by target date (none last), then number. */
export async function listOpenJobs(db: Reader, tenantId: string) {
  return db
    .selectFrom('jobs as j')
    .innerJoin('sites as s', 's.id', 'j.site_id')
    .innerJoin('clients as c', 'c.id', 'j.client_id')
    .select(['j.id', 'j.number', 'j.description', 'j.priority', 'j.status', 'j.target_date', 'j.created_at', 's.id as site_id', 's.name as site_name', 's.postcode', 'c.name as client_name'])
    .where('j.tenant_id', '=', tenantId)
    .where('j.status', 'in', OPEN_JOB)
    .execute();
}

/** Open visits from `fromUtc` on, for the "next visit" of each outstanding job. */
export async function listUpcomingVisits(db: Reader, tenantId: string, fromUtc: string) {
  return db
    .selectFrom('visits')
    .select(['id', 'job_id', 'starts_at'])
    .where('tenant_id', '=', tenantId)
    .where('starts_at', '>=', fromUtc)
    .where('status', 'in', OPEN_VISIT)
    .orderBy('starts_at')
    .execute();
}

export async function listActivityTypes(db: Reader, tenantId: string) {
  return db.selectFrom('activity_types').select(['name']).where('tenant_id', '=', tenantId).where('active', '=', 1).orderBy('position').orderBy('name').execute();
}

export async function lastJobNumber(db: Reader, tenantId: string): Promise<number> {
  const row = await db.selectFrom('job_counters').select('last_number').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row ? Number(row.last_number) : 0;
}

// ---- Settings ----

export type PackSettingsRow = Selectable<PackSettingsTable> & { updated_by_name: string | null };

export async function findSettings(db: Reader, tenantId: string): Promise<PackSettingsRow | undefined> {
  return db
    .selectFrom('pack_settings as p')
    .leftJoin('users as u', 'u.id', 'p.updated_by')
    .selectAll('p')
    .select('u.name as updated_by_name')
    .where('p.tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function saveSettings(tx: WriteTx, row: Omit<Selectable<PackSettingsTable>, 'updated_at'>): Promise<void> {
  const values = { ...row, updated_at: tx.now };
  await tx.trx
    .insertInto('pack_settings')
    .values(values)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ customer_script: row.customer_script, back_up_checklist: row.back_up_checklist, updated_at: tx.now, updated_by: row.updated_by }))
    .execute();
  tx.record({
    tenantId: row.tenant_id,
    entity: 'pack_settings',
    id: row.tenant_id,
    op: 'put',
    data: { customerScript: row.customer_script, backUpChecklist: row.back_up_checklist, updatedAt: tx.now, updatedBy: row.updated_by },
  });
}

// ---- Packs and runs ----

export type PackRow = Selectable<PacksTable> & { created_by_name: string | null };
export type PackRunRow = Selectable<PackRunsTable>;

function selectPacks(db: Reader, tenantId: string) {
  return db.selectFrom('packs as p').leftJoin('users as u', 'u.id', 'p.created_by').selectAll('p').select('u.name as created_by_name').where('p.tenant_id', '=', tenantId);
}

/** Newest first. */
export async function listPacks(db: Reader, tenantId: string, limit: number): Promise<PackRow[]> {
  return selectPacks(db, tenantId).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}

export async function findPack(db: Reader, tenantId: string, id: string): Promise<PackRow | undefined> {
  return selectPacks(db, tenantId).where('p.id', '=', id).executeTakeFirst();
}

/**
 * Records a pack and its zip as a blob of the tenant (a change-log row says the blob is there; the
 * `blobs` row is what makes an office replica fetch the file).
 */
export async function insertPack(tx: WriteTx, row: Selectable<PacksTable>): Promise<void> {
  const owned = await tx.trx.selectFrom('blobs').select('sha256').where('tenant_id', '=', row.tenant_id).where('sha256', '=', row.sha256).executeTakeFirst();
  if (!owned) {
    // Not blobs.repository's recordBlob: a scheduled pack has no user to name as its creator.
    await tx.trx
      .insertInto('blobs')
      .values({ tenant_id: row.tenant_id, sha256: row.sha256, size: row.size, content_type: 'application/zip', created_at: tx.now, created_by: row.created_by })
      .execute();
    tx.record({ tenantId: row.tenant_id, entity: 'blob', id: row.sha256, op: 'put', data: { sha256: row.sha256, size: row.size, contentType: 'application/zip' } });
  }
  await tx.trx.insertInto('packs').values(row).execute();
  tx.record({
    tenantId: row.tenant_id,
    entity: 'pack',
    id: row.id,
    op: 'put',
    data: { id: row.id, sha256: row.sha256, size: row.size, createdAt: row.created_at, kind: row.kind, fileName: row.file_name },
  });
}

/** Packs past the newest `keep` of a tenant, oldest last: retention removes them. */
export async function packsBeyond(db: Reader, tenantId: string, keep: number): Promise<PackRow[]> {
  return selectPacks(db, tenantId).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').offset(keep).limit(10_000).execute();
}

/** Forgets packs (their blobs stay: blobs are never deleted, see docs/pack.md). */
export async function deletePacks(tx: WriteTx, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.trx.deleteFrom('packs').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  for (const id of ids) tx.record({ tenantId, entity: 'pack', id, op: 'delete', data: null });
}

export async function insertPackRun(tx: WriteTx, row: Selectable<PackRunsTable>): Promise<void> {
  await tx.trx.insertInto('pack_runs').values(row).execute();
}

export async function lastRun(db: Reader, tenantId: string, status?: PackRunRow['status']): Promise<PackRunRow | undefined> {
  let q = db.selectFrom('pack_runs').selectAll().where('tenant_id', '=', tenantId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Keeps the run history bounded: the newest `keep` runs of a tenant stay. */
export async function pruneRuns(tx: WriteTx, tenantId: string, keep: number): Promise<void> {
  const old = await tx.trx.selectFrom('pack_runs').select('id').where('tenant_id', '=', tenantId).orderBy('started_at', 'desc').orderBy('id', 'desc').offset(keep).limit(10_000).execute();
  if (old.length > 0) await tx.trx.deleteFrom('pack_runs').where('id', 'in', old.map((r) => r.id)).execute();
}
