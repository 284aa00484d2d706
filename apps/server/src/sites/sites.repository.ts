import type { TSite } from '@fieldkeep/domain';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { likePattern } from '../clients/organisations.repository.js';
import type { DB, SitesTable } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { liveWarningCounts } from '../warnings/warnings.repository.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type SiteRow = Selectable<SitesTable>;
type SiteRowWithClient = SiteRow & { client_name: string };
/** A site's own fields (everything but ids and timestamps), as stored. */
export type SiteFields = Omit<SiteRow, 'id' | 'tenant_id' | 'client_id' | 'created_at' | 'updated_at'>;

export const siteRowToSite = (r: SiteRowWithClient, liveWarningCount: number): TSite => ({
  id: r.id,
  clientId: r.client_id,
  clientName: r.client_name,
  name: r.name,
  address1: r.address1,
  address2: r.address2,
  town: r.town,
  postcode: r.postcode,
  lat: r.lat === null ? null : Number(r.lat),
  lng: r.lng === null ? null : Number(r.lng),
  accessNotes: r.access_notes,
  occupantName: r.occupant_name,
  occupantPhone: r.occupant_phone,
  occupantEmail: r.occupant_email,
  liveWarningCount,
  createdAt: r.created_at,
});

/** The change log carries the site's own fields; the client's name and the warning count are derived and change elsewhere. */
function siteChangeData(r: SiteRow): Record<string, unknown> {
  const { clientName: _c, liveWarningCount: _w, ...rest } = siteRowToSite({ ...r, client_name: '' }, 0);
  return rest;
}

function selectSites(db: Reader, tenantId: string) {
  return db
    .selectFrom('sites as s')
    .innerJoin('clients as c', 'c.id', 's.client_id')
    .selectAll('s')
    .select('c.name as client_name')
    .where('s.tenant_id', '=', tenantId);
}

async function withCounts(db: Reader, tenantId: string, rows: SiteRowWithClient[], now: string): Promise<TSite[]> {
  const counts = await liveWarningCounts(
    db,
    tenantId,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => siteRowToSite(r, counts.get(r.id) ?? 0));
}

export interface SiteFilter {
  clientId?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Sites by name (then postcode), filtered by client and by a search over name, address and postcode. */
export async function listSites(db: Reader, tenantId: string, f: SiteFilter, now: string): Promise<TSite[]> {
  let q = selectSites(db, tenantId);
  if (f.clientId !== undefined) q = q.where('s.client_id', '=', f.clientId);
  if (f.q) {
    const p = likePattern(f.q);
    const like = (col: string) => sql<boolean>`lower(${sql.ref(col)}) like ${p} escape '\\'`;
    q = q.where((eb) => eb.or([like('s.name'), like('s.address1'), like('s.address2'), like('s.town'), like('s.postcode')]));
  }
  const rows = await q.orderBy(sql`lower(s.name)`).orderBy('s.name').orderBy('s.postcode').orderBy('s.id').limit(f.limit).offset(f.offset).execute();
  return withCounts(db, tenantId, rows, now);
}

export async function findSiteRow(db: Reader, tenantId: string, id: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function findSite(db: Reader, tenantId: string, id: string, now: string): Promise<TSite | undefined> {
  const row = await selectSites(db, tenantId).where('s.id', '=', id).executeTakeFirst();
  return row && (await withCounts(db, tenantId, [row], now))[0];
}

/** Sites of the tenant at any of these (normalised) postcodes: the CSV imports find sites by name and postcode. */
export async function findSitesByPostcodes(db: Reader, tenantId: string, postcodes: readonly string[]): Promise<Array<Pick<SiteRow, 'id' | 'name' | 'postcode'>>> {
  const unique = [...new Set(postcodes)];
  const out: Array<Pick<SiteRow, 'id' | 'name' | 'postcode'>> = [];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    out.push(...(await db.selectFrom('sites').select(['id', 'name', 'postcode']).where('tenant_id', '=', tenantId).where('postcode', 'in', chunk).execute()));
  }
  return out;
}

/** Inserts sites (one for the API, many for an import: in batches) and records each in the change log. */
export async function insertSites(tx: WriteTx, rows: ReadonlyArray<Omit<SiteRow, 'created_at' | 'updated_at'>>): Promise<SiteRow[]> {
  const full = rows.map((r) => ({ ...r, created_at: tx.now, updated_at: tx.now }));
  for (let i = 0; i < full.length; i += 200) await tx.trx.insertInto('sites').values(full.slice(i, i + 200)).execute();
  for (const r of full) tx.record({ tenantId: r.tenant_id, entity: 'site', id: r.id, op: 'put', data: siteChangeData(r) });
  return full;
}

export async function updateSite(tx: WriteTx, tenantId: string, id: string, patch: Partial<SiteFields>): Promise<SiteRow> {
  const row = await tx.trx
    .updateTable('sites')
    .set({ ...patch, updated_at: tx.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  tx.record({ tenantId, entity: 'site', id, op: 'put', data: siteChangeData(row) });
  return row;
}
