import type { TAsset } from '@fieldkeep/domain';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AssetsTable, DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type AssetRow = Selectable<AssetsTable>;
export type AssetFields = Pick<AssetRow, 'type' | 'make' | 'model' | 'serial' | 'location'>;

export const assetRowToAsset = (r: AssetRow): TAsset => ({
  id: r.id,
  siteId: r.site_id,
  type: r.type,
  make: r.make,
  model: r.model,
  serial: r.serial,
  location: r.location,
  createdAt: r.created_at,
});

/** A site's assets by type, then make, model and location. */
export async function listSiteAssets(db: Reader, tenantId: string, siteId: string, page: { limit: number; offset: number }): Promise<TAsset[]> {
  const rows = await db
    .selectFrom('assets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('site_id', '=', siteId)
    .orderBy('type')
    .orderBy('make')
    .orderBy('model')
    .orderBy('location')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(assetRowToAsset);
}

export async function findAssetRow(db: Reader, tenantId: string, id: string): Promise<AssetRow | undefined> {
  return db.selectFrom('assets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Assets on any of these sites (the CSV import checks for assets already there). */
export async function findAssetsOnSites(db: Reader, tenantId: string, siteIds: readonly string[]): Promise<AssetRow[]> {
  const unique = [...new Set(siteIds)];
  const out: AssetRow[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    out.push(...(await db.selectFrom('assets').selectAll().where('tenant_id', '=', tenantId).where('site_id', 'in', unique.slice(i, i + 500)).execute()));
  }
  return out;
}

/** Inserts assets (in batches for an import) and records each in the change log. */
export async function insertAssets(tx: WriteTx, rows: ReadonlyArray<Omit<AssetRow, 'created_at' | 'updated_at'>>): Promise<TAsset[]> {
  const full = rows.map((r) => ({ ...r, created_at: tx.now, updated_at: tx.now }));
  for (let i = 0; i < full.length; i += 500) await tx.trx.insertInto('assets').values(full.slice(i, i + 500)).execute();
  return full.map((r) => {
    const asset = assetRowToAsset(r);
    tx.record({ tenantId: r.tenant_id, entity: 'asset', id: r.id, op: 'put', data: { ...asset } });
    return asset;
  });
}

export async function updateAsset(tx: WriteTx, tenantId: string, id: string, patch: Partial<AssetFields>): Promise<TAsset> {
  const row = await tx.trx
    .updateTable('assets')
    .set({ ...patch, updated_at: tx.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const asset = assetRowToAsset(row);
  tx.record({ tenantId, entity: 'asset', id, op: 'put', data: { ...asset } });
  return asset;
}
