import type { TWarning, TWarningType, ZCreateWarningRequest, ZCreateWarningTypeRequest, ZUpdateWarningTypeRequest } from '@fieldkeep/domain';
import type { z } from 'zod';
import { findAssetRow } from '../assets/assets.repository.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findSiteRow } from '../sites/sites.repository.js';
import { invalidField } from '../sites/sites.service.js';
import {
  findWarning,
  findWarningType,
  insertWarning,
  insertWarningType,
  listSiteWarnings,
  listWarningTypes,
  markWarningRemoved,
  updateWarningType,
} from './warnings.repository.js';

type CreateWarning = z.output<typeof ZCreateWarningRequest>;
type CreateWarningType = z.output<typeof ZCreateWarningTypeRequest>;
type UpdateWarningType = z.output<typeof ZUpdateWarningTypeRequest>;

// --- warnings --------------------------------------------------------------------------------

/**
 * A site's warnings and its assets'. Client users never see warnings; engineers see those marked
 * for engineers (the field app gets the same through sync).
 */
export async function listWarningsFor(ctx: AppContext, actor: Actor | undefined, siteId: string, include: 'live' | 'all'): Promise<TWarning[]> {
  const a = requireRole(actor, 'admin', 'office', 'engineer');
  const db = ctx.database.read;
  if (!(await findSiteRow(db, a.tenantId, siteId))) throw notFound('Site');
  const warnings = await listSiteWarnings(db, a.tenantId, siteId, ctx.clock.now().toISOString(), include === 'live');
  return a.role === 'engineer' ? warnings.filter((w) => w.visibleToEngineers) : warnings;
}

export async function addWarning(ctx: AppContext, actor: Actor | undefined, input: CreateWarning): Promise<TWarning> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findSiteRow(tx.trx, a.tenantId, input.siteId))) throw invalidField('siteId', 'No such site.');
    if (input.assetId) {
      const asset = await findAssetRow(tx.trx, a.tenantId, input.assetId);
      if (!asset || asset.site_id !== input.siteId) throw invalidField('assetId', 'No such asset on this site.');
    }
    const type = await findWarningType(tx.trx, a.tenantId, input.typeId);
    if (!type) throw invalidField('typeId', 'No such warning type.');
    if (!type.active) throw invalidField('typeId', `The warning type "${type.name}" is retired: choose another.`);
    const validFrom = input.validFrom ? new Date(input.validFrom).toISOString() : tx.now;
    const validUntil = input.validUntil ? new Date(input.validUntil).toISOString() : null;
    if (validUntil !== null && validUntil <= validFrom) throw invalidField('validUntil', 'Must be after "valid from".');
    const w = await insertWarning(tx, {
      id: newId(),
      tenant_id: a.tenantId,
      site_id: input.siteId,
      asset_id: input.assetId ?? null,
      type_id: type.id,
      text: input.text,
      severity: input.severity ?? type.defaultSeverity,
      valid_from: validFrom,
      valid_until: validUntil,
      visible_to_engineers: input.visibleToEngineers ? 1 : 0,
      created_by: a.userId,
    });
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'warning.added',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: w.id,
      details: { siteId: w.siteId, assetId: w.assetId, type: w.typeKey, severity: w.severity, text: w.text, validFrom: w.validFrom, validUntil: w.validUntil },
    });
    return w;
  });
  return value;
}

export async function removeWarning(ctx: AppContext, actor: Actor | undefined, id: string, reason: string | undefined): Promise<TWarning> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const w = await findWarning(tx.trx, a.tenantId, id, tx.now);
    if (!w) throw notFound('Warning');
    if (w.removedAt !== null) throw new AppError('conflict', 'This warning has already been removed.');
    const removed = await markWarningRemoved(tx, a.tenantId, id, a.userId);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'warning.removed',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { siteId: w.siteId, assetId: w.assetId, type: w.typeKey, reason: reason || null },
    });
    return removed;
  });
  return value;
}

// --- warning types (settings) ------------------------------------------------------------------

export async function listWarningTypesFor(ctx: AppContext, actor: Actor | undefined): Promise<TWarningType[]> {
  const a = requireRole(actor, 'admin', 'office');
  return listWarningTypes(ctx.database.read, a.tenantId);
}

export async function createWarningType(ctx: AppContext, actor: Actor | undefined, input: CreateWarningType): Promise<TWarningType> {
  const a = requireRole(actor, 'admin');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const t = await insertWarningType(tx, { id: newId(), tenant_id: a.tenantId, key: input.key, name: input.name, default_severity: input.defaultSeverity, active: 1 });
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'warning_type.created',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: t.id,
      details: { key: t.key, name: t.name },
    });
    return t;
  });
  return value;
}

export async function changeWarningType(ctx: AppContext, actor: Actor | undefined, id: string, input: UpdateWarningType): Promise<TWarningType> {
  const a = requireRole(actor, 'admin');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findWarningType(tx.trx, a.tenantId, id))) throw notFound('Warning type');
    const t = await updateWarningType(tx, a.tenantId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.defaultSeverity !== undefined ? { default_severity: input.defaultSeverity } : {}),
      ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    });
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'warning_type.updated',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { key: t.key, changes: input },
    });
    return t;
  });
  return value;
}
