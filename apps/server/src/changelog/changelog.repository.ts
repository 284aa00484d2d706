import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';

export interface ChangeRecord {
  tenantId: string;
  entity: string;
  id: string;
  op: 'put' | 'delete';
  data: Record<string, unknown> | null;
}

export interface ChangeLogEntry {
  position: number;
  tenantId: string;
  entity: string;
  id: string;
  op: 'put' | 'delete';
  data: Record<string, unknown> | null;
  at: string;
}

const APPEND_CHUNK = 1000;

/** Any fixed 64-bit key: the transaction-scoped advisory lock that orders change-log appends. */
const CHANGE_LOG_LOCK_KEY = 7_461_001;

/**
 * Appends change rows inside the caller's transaction, as its last statement.
 *
 * Positions must follow commit order, so that a reader that has seen position P has seen every
 * position below P. SQLite's single writer gives that. On PostgreSQL a sequence alone does not
 * (transactions commit out of sequence order), so the append first takes a transaction-scoped
 * advisory lock: positions are drawn only while holding it, and it is released only after the
 * commit is visible. Taking it last keeps the serialised stretch down to the append and commit.
 */
export async function appendChanges(
  trx: Transaction<DB>,
  dialect: Dialect,
  changes: readonly ChangeRecord[],
  at: string,
): Promise<number | undefined> {
  if (changes.length === 0) return undefined;
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK_KEY})`.execute(trx);
  }
  // In chunks: one statement may bind at most 32,766 parameters on SQLite (six per row here).
  let last = 0;
  for (let i = 0; i < changes.length; i += APPEND_CHUNK) {
    const rows = await trx
      .insertInto('change_log')
      .values(
        changes.slice(i, i + APPEND_CHUNK).map((c) => ({
          tenant_id: c.tenantId,
          entity: c.entity,
          entity_id: c.id,
          op: c.op,
          data: JSON.stringify(c.data),
          at,
        })),
      )
      .returning('position')
      .execute();
    for (const r of rows) last = Math.max(last, r.position);
  }
  return last;
}

export async function readChanges(
  db: Kysely<DB> | Transaction<DB>,
  opts: { after: number; limit: number; tenantId?: string },
): Promise<ChangeLogEntry[]> {
  let q = db
    .selectFrom('change_log')
    .selectAll()
    .where('position', '>', opts.after)
    .orderBy('position')
    .limit(opts.limit);
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  const rows = await q.execute();
  return rows.map((r) => ({
    position: r.position,
    tenantId: r.tenant_id,
    entity: r.entity,
    id: r.entity_id,
    op: r.op as 'put' | 'delete',
    data: JSON.parse(r.data) as Record<string, unknown> | null,
    at: r.at,
  }));
}

export async function lastPosition(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const row = await db
    .selectFrom('change_log')
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  return Number(row?.p ?? 0);
}
