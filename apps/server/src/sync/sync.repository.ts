import type { TRejection } from '@fieldkeep/domain';
import { PostgresAdapter, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, SyncClientsTable } from '../db/schema.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type SyncClientRow = Selectable<SyncClientsTable>;

/**
 * The device row. With `lock` (a push), it is locked until commit on PostgreSQL, so two pushes from
 * one device never both read the same counter (SQLite's single writer already serialises them).
 */
export async function findSyncClient(db: Reader, clientId: string, lock = false): Promise<SyncClientRow | undefined> {
  let q = db.selectFrom('sync_clients').selectAll().where('client_id', '=', clientId);
  if (lock && db.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The device row, made on first contact and bound to that user for good. */
export async function ensureSyncClient(
  trx: Transaction<DB>,
  c: { clientId: string; tenantId: string; userId: string; sessionId: string; now: string; lock?: boolean },
): Promise<SyncClientRow> {
  const existing = await findSyncClient(trx, c.clientId, c.lock);
  if (existing) return existing;
  const row: SyncClientRow = {
    client_id: c.clientId,
    tenant_id: c.tenantId,
    user_id: c.userId,
    session_id: c.sessionId,
    last_mutation_id: 0,
    pull_generation: 0,
    created_at: c.now,
    last_push_at: null,
    last_pull_at: null,
    app_version: null,
    last_error: null,
    last_error_at: null,
    revoked_at: null,
  };
  await trx.insertInto('sync_clients').values(row).onConflict((oc) => oc.column('client_id').doNothing()).execute();
  return (await findSyncClient(trx, c.clientId, c.lock))!;
}

export async function updateSyncClient(trx: Transaction<DB>, clientId: string, patch: Partial<Omit<SyncClientRow, 'client_id' | 'tenant_id' | 'user_id'>>): Promise<void> {
  await trx.updateTable('sync_clients').set(patch).where('client_id', '=', clientId).execute();
}

export async function insertRejection(
  trx: Transaction<DB>,
  r: { tenantId: string; clientId: string; mutationId: number; name: string; code: string; message: string; args: unknown; at: string },
): Promise<void> {
  await trx
    .insertInto('sync_rejections')
    .values({
      tenant_id: r.tenantId,
      client_id: r.clientId,
      mutation_id: r.mutationId,
      name: r.name,
      code: r.code,
      message: r.message.slice(0, 2000),
      args: JSON.stringify(r.args ?? null),
      at: r.at,
      acked_at: null,
      resolved_at: null,
    })
    .execute();
}

/** Marks rejections up to a mutation id as shown to the user; they stop being delivered. */
export async function ackRejections(trx: Transaction<DB>, clientId: string, upTo: number, now: string): Promise<void> {
  await trx.updateTable('sync_rejections').set({ acked_at: now }).where('client_id', '=', clientId).where('mutation_id', '<=', upTo).where('acked_at', 'is', null).execute();
}

export async function pendingRejections(db: Reader, clientId: string): Promise<TRejection[]> {
  const rows = await db.selectFrom('sync_rejections').selectAll().where('client_id', '=', clientId).where('acked_at', 'is', null).orderBy('mutation_id').limit(500).execute();
  return rows.map((r) => ({ mutationId: r.mutation_id, name: r.name, code: r.code, message: r.message, args: JSON.parse(r.args) as unknown, at: r.at }));
}

/** What the device holds as of a generation it has confirmed: the newest row per record at or below it. */
export async function confirmedSent(db: Reader, clientId: string, generation: number): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('sync_sent')
    .select(['entity', 'entity_id', 'generation', 'hash'])
    .where('client_id', '=', clientId)
    .where('generation', '<=', generation)
    .orderBy('generation')
    .execute();
  const out = new Map<string, string | null>();
  for (const r of rows) out.set(`${r.entity}|${r.entity_id}`, r.hash);
  return out;
}

/**
 * Forgets what was sent in generations the device never confirmed (a response lost on the way is
 * sent again) and, below the confirmed one, all but the newest row per record.
 */
export async function pruneSent(trx: Transaction<DB>, clientId: string, confirmed: number): Promise<void> {
  await trx.deleteFrom('sync_sent').where('client_id', '=', clientId).where('generation', '>', confirmed).execute();
  await trx
    .deleteFrom('sync_sent as s')
    .where('s.client_id', '=', clientId)
    .where('s.generation', '<', confirmed)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('sync_sent as n')
          .select('n.generation')
          .whereRef('n.client_id', '=', 's.client_id')
          .whereRef('n.entity', '=', 's.entity')
          .whereRef('n.entity_id', '=', 's.entity_id')
          .whereRef('n.generation', '>', 's.generation')
          .where('n.generation', '<=', confirmed),
      ),
    )
    .execute();
}

export async function recordSent(
  trx: Transaction<DB>,
  rows: ReadonlyArray<{ tenantId: string; clientId: string; entity: string; id: string; generation: number; hash: string | null }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('sync_sent')
      .values(rows.slice(i, i + 500).map((r) => ({ tenant_id: r.tenantId, client_id: r.clientId, entity: r.entity, entity_id: r.id, generation: r.generation, hash: r.hash })))
      .execute();
  }
}

/** A session that has had a device revoked may not start another (a stolen phone cannot just pick a new id). */
export async function sessionHasRevokedDevice(db: Reader, sessionId: string): Promise<boolean> {
  const row = await db.selectFrom('sync_clients').select('client_id').where('session_id', '=', sessionId).where('revoked_at', 'is not', null).executeTakeFirst();
  return Boolean(row);
}

/** Draws the next pull generation atomically (two pulls at once never share one). */
export async function nextPullGeneration(trx: Transaction<DB>, clientId: string, patch: { last_pull_at: string; app_version?: string }): Promise<number> {
  const row = await trx
    .updateTable('sync_clients')
    .set((eb) => ({ pull_generation: eb('pull_generation', '+', 1), ...patch }))
    .where('client_id', '=', clientId)
    .returning('pull_generation')
    .executeTakeFirstOrThrow();
  return row.pull_generation;
}
