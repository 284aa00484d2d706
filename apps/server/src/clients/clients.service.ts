import type { TClient, TCreateClientRequest, TDirectoryListQuery, TUpdateClientRequest } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { findClient, insertClient, listClients, updateClient } from './clients.repository.js';

export async function listClientsFor(ctx: AppContext, actor: Actor | undefined, query: TDirectoryListQuery): Promise<TClient[]> {
  const a = requireRole(actor, 'admin', 'office', 'client');
  // A client user sees only its own organisation.
  return listClients(ctx.database.read, a.tenantId, { ...query, onlyId: a.role === 'client' ? (a.clientId ?? '') : undefined });
}

export async function getClient(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TClient> {
  const a = requireRole(actor, 'admin', 'office', 'client');
  if (a.role === 'client' && a.clientId !== id) throw notFound('Client');
  const c = await findClient(ctx.database.read, a.tenantId, id);
  if (!c) throw notFound('Client');
  return c;
}

export async function createClient(ctx: AppContext, actor: Actor | undefined, input: TCreateClientRequest): Promise<TClient> {
  const a = requireRole(actor, 'admin', 'office');
  const { contacts, name, ...details } = input;
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const c = await insertClient(tx, a.tenantId, name, details, contacts ?? []);
    await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'client.created', actorUserId: a.userId, actorLogin: a.login, subject: c.id, details: { name } });
    return c;
  });
  return value;
}

export async function changeClient(ctx: AppContext, actor: Actor | undefined, id: string, input: TUpdateClientRequest): Promise<TClient> {
  const a = requireRole(actor, 'admin', 'office');
  const { contacts, ...fields } = input;
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findClient(tx.trx, a.tenantId, id))) throw notFound('Client');
    const c = await updateClient(tx, a.tenantId, id, fields, contacts);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'client.updated',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { fields: Object.keys(input) },
    });
    return c;
  });
  return value;
}
