import type { TAuditAction, TAuditEntry } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId } from '../ids.js';

export interface AuditInput {
  tenantId: string | null;
  action: TAuditAction;
  actorUserId?: string | null;
  actorLogin?: string | null;
  subject?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Written in the same transaction as what it records (a failed sign-in has a transaction of its own). */
export async function appendAudit(trx: Transaction<DB> | Kysely<DB>, at: string, e: AuditInput): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      tenant_id: e.tenantId,
      at,
      action: e.action,
      actor_user_id: e.actorUserId ?? null,
      actor_login: e.actorLogin ?? null,
      subject: e.subject ?? null,
      ip: e.ip ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

export async function listAudit(
  db: Kysely<DB>,
  tenantId: string,
  opts: { limit: number; action?: TAuditAction },
): Promise<TAuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (opts.action) q = q.where('action', '=', opts.action);
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    action: r.action as TAuditAction,
    actorUserId: r.actor_user_id,
    actorLogin: r.actor_login,
    subject: r.subject,
    ip: r.ip,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
