import type { TEngineer } from '@fieldkeep/domain';
import type { z } from 'zod';
import type { ZUpdateEngineerRequest } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { listEngineers, saveEngineerProfile } from './engineers.repository.js';

export async function listTenantEngineers(ctx: AppContext, actor: Actor | undefined): Promise<TEngineer[]> {
  const a = requireRole(actor, 'admin', 'office');
  return listEngineers(ctx.database.read, a.tenantId);
}

export async function updateEngineer(
  ctx: AppContext,
  actor: Actor | undefined,
  id: string,
  input: z.infer<typeof ZUpdateEngineerRequest>,
): Promise<TEngineer> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const [current] = await listEngineers(tx.trx, a.tenantId, [id]);
    if (!current) throw notFound('Engineer');
    const next: TEngineer = {
      ...current,
      skills: input.skills ? [...new Set(input.skills.map((s) => s.trim()))] : current.skills,
      workingHours: input.workingHours ?? current.workingHours,
    };
    await saveEngineerProfile(tx, a.tenantId, next);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'engineer.updated', actorUserId: a.userId, actorLogin: a.login, subject: id, details: { fields: Object.keys(input) } });
    return next;
  });
  return value;
}
