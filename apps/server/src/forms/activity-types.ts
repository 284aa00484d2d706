import type { z } from 'zod';
import type { ZCreateActivityTypeRequest, ZUpdateActivityTypeRequest } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { withWriteTx, type WriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';

type ActivityType = { id: string; name: string; active: boolean };

async function all(db: AppContext['database']['read'] | WriteTx['trx'], tenantId: string): Promise<ActivityType[]> {
  const rows = await db.selectFrom('activity_types').selectAll().where('tenant_id', '=', tenantId).orderBy('position').orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active === 1 }));
}

/** Non-productive time types the phones offer (travel to merchant, training, sickness…). */
export async function listActivityTypes(ctx: AppContext, actor: Actor | undefined): Promise<ActivityType[]> {
  return all(ctx.database.read, requireRole(actor, 'admin', 'office').tenantId);
}

export async function createActivityType(ctx: AppContext, actor: Actor | undefined, input: z.output<typeof ZCreateActivityTypeRequest>): Promise<ActivityType> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const existing = await all(tx.trx, a.tenantId);
    if (existing.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) throw new AppError('conflict', `There is already an activity type called ${input.name}.`);
    const row = { id: newId(), tenant_id: a.tenantId, name: input.name, active: 1, position: existing.length };
    await tx.trx.insertInto('activity_types').values(row).execute();
    tx.record({ tenantId: a.tenantId, entity: 'activity_type', id: row.id, op: 'put', data: { id: row.id, name: row.name, active: true } });
    return { id: row.id, name: row.name, active: true };
  });
  return value;
}

export async function changeActivityType(ctx: AppContext, actor: Actor | undefined, id: string, input: z.output<typeof ZUpdateActivityTypeRequest>): Promise<ActivityType> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const current = (await all(tx.trx, a.tenantId)).find((t) => t.id === id);
    if (!current) throw notFound('Activity type');
    const next = { ...current, ...(input.name !== undefined ? { name: input.name } : {}), ...(input.active !== undefined ? { active: input.active } : {}) };
    await tx.trx.updateTable('activity_types').set({ name: next.name, active: next.active ? 1 : 0 }).where('tenant_id', '=', a.tenantId).where('id', '=', id).execute();
    tx.record({ tenantId: a.tenantId, entity: 'activity_type', id, op: 'put', data: next });
    return next;
  });
  return value;
}
