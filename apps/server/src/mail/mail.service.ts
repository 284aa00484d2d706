import type { TMessage } from '@fieldkeep/domain';
import type { Actor } from '../auth/actor.js';
import { requireRole } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import type { WriteTx } from '../db/write.js';
import { withWriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { enqueue, findMessage, listMessages, outboxRowToMessage, requeue } from './outbox.repository.js';

/** Queues an email in the caller's transaction; the outbox worker sends it after the commit. */
export async function queueEmail(
  tx: WriteTx,
  m: { tenantId: string | null; to: string; subject: string; text: string },
): Promise<string> {
  return enqueue(tx.trx, { tenantId: m.tenantId, kind: 'email', payload: { to: m.to, subject: m.subject, text: m.text }, now: tx.now });
}

export async function listTenantMessages(ctx: AppContext, actor: Actor | undefined, status?: string): Promise<TMessage[]> {
  const a = requireRole(actor, 'admin');
  return listMessages(ctx.database.read, a.tenantId, status);
}

export async function retryMessage(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TMessage> {
  const a = requireRole(actor, 'admin');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const row = await findMessage(tx.trx, a.tenantId, id);
    if (!row) throw notFound('Message');
    if (row.status !== 'failed') throw new AppError('conflict', `Only failed messages can be retried; this one is ${row.status}.`);
    const updated = await requeue(tx.trx, id, tx.now);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'message.retried',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
    });
    return outboxRowToMessage(updated);
  });
  ctx.wakeOutbox();
  return value;
}
