import type { TAsset, ZCreateAssetRequest, ZUpdateAssetRequest } from '@fieldkeep/domain';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findSiteRow } from '../sites/sites.repository.js';
import { invalidField, siteForActor } from '../sites/sites.service.js';
import { assetRowToAsset, findAssetRow, insertAssets, listSiteAssets, updateAsset, type AssetFields, type AssetRow } from './assets.repository.js';

type CreateAsset = z.output<typeof ZCreateAssetRequest>;
type UpdateAsset = z.output<typeof ZUpdateAssetRequest>;

const READERS = ['admin', 'office', 'engineer', 'client'] as const;

export async function listAssetsFor(ctx: AppContext, actor: Actor | undefined, siteId: string, page: { limit: number; offset: number }): Promise<TAsset[]> {
  const a = requireRole(actor, ...READERS);
  await siteForActor(ctx.database.read, a, siteId);
  return listSiteAssets(ctx.database.read, a.tenantId, siteId, page);
}

/** The asset if the actor may see it (a client user: only on its organisation's sites), else 404. */
async function assetForActor(db: AppContext['database']['read'], a: Actor, id: string): Promise<AssetRow> {
  const row = await findAssetRow(db, a.tenantId, id);
  if (!row) throw notFound('Asset');
  await siteForActor(db, a, row.site_id).catch(() => {
    throw notFound('Asset');
  });
  return row;
}

export async function getAsset(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TAsset> {
  const a = requireRole(actor, ...READERS);
  const row = await assetForActor(ctx.database.read, a, id);
  return assetRowToAsset(row);
}

export function newAssetRow(tenantId: string, siteId: string, input: Omit<CreateAsset, 'siteId'>): Omit<AssetRow, 'created_at' | 'updated_at'> {
  return {
    id: newId(),
    tenant_id: tenantId,
    site_id: siteId,
    type: input.type,
    make: input.make ?? null,
    model: input.model ?? null,
    serial: input.serial ?? null,
    location: input.location ?? null,
  };
}

export async function createAsset(ctx: AppContext, actor: Actor | undefined, input: CreateAsset): Promise<TAsset> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findSiteRow(tx.trx, a.tenantId, input.siteId))) throw invalidField('siteId', 'No such site.');
    const [asset] = await insertAssets(tx, [newAssetRow(a.tenantId, input.siteId, input)]);
    if (!asset) throw new Error('asset insert returned nothing');
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'asset.created',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: asset.id,
      details: { siteId: asset.siteId, type: asset.type },
    });
    return asset;
  });
  return value;
}

export async function changeAsset(ctx: AppContext, actor: Actor | undefined, id: string, input: UpdateAsset): Promise<TAsset> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findAssetRow(tx.trx, a.tenantId, id))) throw notFound('Asset');
    const patch: Partial<AssetFields> = {};
    if (input.type !== undefined) patch.type = input.type;
    for (const k of ['make', 'model', 'serial', 'location'] as const) if (input[k] !== undefined) patch[k] = input[k];
    const asset = await updateAsset(tx, a.tenantId, id, patch);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'asset.updated',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { fields: Object.keys(input) },
    });
    return asset;
  });
  return value;
}
