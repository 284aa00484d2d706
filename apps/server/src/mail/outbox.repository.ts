import type { TMessage } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB, OutboxRow } from '../db/schema.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;

export interface EmailPayload {
  to: string;
  subject: string;
  text: string;
}

export const EMAIL_MAX_ATTEMPTS = 8;

/** Queues work in the caller's transaction: it commits with its cause, or not at all. */
export async function enqueue(
  trx: Transaction<DB>,
  e: { tenantId: string | null; kind: 'email'; payload: EmailPayload; now: string; maxAttempts?: number },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('outbox')
    .values({
      id,
      tenant_id: e.tenantId,
      kind: e.kind,
      payload: JSON.stringify(e.payload),
      status: 'pending',
      attempts: 0,
      max_attempts: e.maxAttempts ?? EMAIL_MAX_ATTEMPTS,
      run_at: e.now,
      leased_until: null,
      lease_owner: null,
      last_error: null,
      transport: null,
      created_at: e.now,
      finished_at: null,
    })
    .execute();
  return id;
}

/**
 * Leases due rows to one worker: pending rows whose time has come, and rows whose earlier lease ran
 * out (a worker that died mid-send). On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several servers
 * share the table; on SQLite the single writer serialises leases.
 */
export async function leaseDue(
  trx: Transaction<DB>,
  dialect: Dialect,
  opts: { owner: string; now: string; leaseUntil: string; limit: number },
): Promise<OutboxRow[]> {
  // A message whose worker died mid-send as many times as it may be tried is given up on, not
  // leased for ever: it is kept as failed, visible and retryable like any other failure.
  await trx
    .updateTable('outbox')
    .set({ status: 'failed', finished_at: opts.now, leased_until: null, lease_owner: null, last_error: 'The sender stopped while sending, on every attempt.' })
    .where('status', '=', 'sending')
    .where('leased_until', '<', opts.now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .execute();
  let q = trx
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', opts.now)]),
        eb.and([eb('status', '=', 'sending'), eb('leased_until', '<', opts.now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(opts.limit);
  if (dialect === 'postgres') q = q.forUpdate().skipLocked();
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return trx
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sending',
      lease_owner: opts.owner,
      leased_until: opts.leaseUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', ids)
    .returningAll()
    .execute();
}

export async function markSent(trx: Transaction<DB>, id: string, owner: string, transport: string, now: string): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ status: 'sent', finished_at: now, leased_until: null, lease_owner: null, transport, last_error: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Retry later with backoff, or keep as failed when attempts are used up or the failure is permanent. */
export async function markAttemptFailed(
  trx: Transaction<DB>,
  row: OutboxRow,
  owner: string,
  error: string,
  opts: { now: Date; permanent: boolean },
): Promise<'retry' | 'failed'> {
  const final = opts.permanent || row.attempts >= row.max_attempts;
  const next = new Date(opts.now.getTime() + backoffMs(row.attempts)).toISOString();
  await trx
    .updateTable('outbox')
    .set({
      status: final ? 'failed' : 'pending',
      run_at: final ? row.run_at : next,
      finished_at: final ? opts.now.toISOString() : null,
      last_error: error.slice(0, 2000),
      leased_until: null,
      lease_owner: null,
    })
    .where('id', '=', row.id)
    .where('lease_owner', '=', owner)
    .execute();
  return final ? 'failed' : 'retry';
}

/** 30 s, 1 min, 2 min, … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function outboxRowToMessage(r: OutboxRow): TMessage {
  const p = JSON.parse(r.payload) as EmailPayload;
  return {
    id: r.id,
    to: p.to,
    subject: p.subject,
    text: p.text,
    status: r.status as TMessage['status'],
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? r.run_at : null,
    createdAt: r.created_at,
    sentAt: r.status === 'sent' ? r.finished_at : null,
    transport: r.transport,
  };
}

export async function listMessages(db: Reader, tenantId: string, status?: string, limit = 200): Promise<TMessage[]> {
  let q = db.selectFrom('outbox').selectAll().where('tenant_id', '=', tenantId).where('kind', '=', 'email');
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(outboxRowToMessage);
}

export async function findMessage(db: Reader, tenantId: string, id: string): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'email')
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Puts a failed message back in the queue with a fresh set of attempts. */
export async function requeue(trx: Transaction<DB>, id: string, now: string): Promise<OutboxRow> {
  return trx
    .updateTable('outbox')
    .set({ status: 'pending', run_at: now, attempts: 0, finished_at: null, leased_until: null, lease_owner: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
