import type { TClient } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { findClient, insertClient, listClients } from './clients.repository.js';

export async function listClientsFor(ctx: AppContext, actor: Actor | undefined): Promise<TClient[]> {
  const a = requireRole(actor, 'admin', 'office', 'client');
  // A client user sees only its own organisation.
  return listClients(ctx.database.read, a.tenantId, a.role === 'client' ? (a.clientId ?? '') : undefined);
}

export async function getClient(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TClient> {
  const a = requireRole(actor, 'admin', 'office', 'client');
  if (a.role === 'client' && a.clientId !== id) throw notFound('Client');
  const c = await findClient(ctx.database.read, a.tenantId, id);
  if (!c) throw notFound('Client');
  return c;
}

export async function createClient(ctx: AppContext, actor: Actor | undefined, name: string): Promise<TClient> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const c = await insertClient(tx, a.tenantId, name);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'client.created',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: c.id,
    });
    return c;
  });
  return value;
}
