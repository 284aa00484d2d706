import type { TDirectoryListQuery, TSupplier } from '@fieldkeep/domain';
import type { ZCreateSupplierRequest, ZUpdateSupplierRequest } from '@fieldkeep/domain';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { findSupplier, insertSupplier, listSuppliers, updateSupplier } from './suppliers.repository.js';

type CreateSupplier = z.output<typeof ZCreateSupplierRequest>;
type UpdateSupplier = z.output<typeof ZUpdateSupplierRequest>;

/** Suppliers are the office's business: clients and engineers are refused (403). */
export async function listSuppliersFor(ctx: AppContext, actor: Actor | undefined, query: TDirectoryListQuery): Promise<TSupplier[]> {
  const a = requireRole(actor, 'admin', 'office');
  return listSuppliers(ctx.database.read, a.tenantId, query);
}

export async function getSupplier(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TSupplier> {
  const a = requireRole(actor, 'admin', 'office');
  const s = await findSupplier(ctx.database.read, a.tenantId, id);
  if (!s) throw notFound('Supplier');
  return s;
}

export async function createSupplier(ctx: AppContext, actor: Actor | undefined, input: CreateSupplier): Promise<TSupplier> {
  const a = requireRole(actor, 'admin', 'office');
  const { contacts, ...fields } = input;
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const s = await insertSupplier(tx, a.tenantId, fields, contacts ?? []);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'supplier.created', actorUserId: a.userId, actorLogin: a.login, subject: s.id, details: { name: s.name } });
    return s;
  });
  return value;
}

export async function changeSupplier(ctx: AppContext, actor: Actor | undefined, id: string, input: UpdateSupplier): Promise<TSupplier> {
  const a = requireRole(actor, 'admin', 'office');
  const { contacts, ...fields } = input;
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findSupplier(tx.trx, a.tenantId, id))) throw notFound('Supplier');
    const s = await updateSupplier(tx, a.tenantId, id, fields, contacts);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'supplier.updated',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { fields: Object.keys(input) },
    });
    return s;
  });
  return value;
}
