import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, IntegrityChecksTable, ServerErrorsTable } from '../db/schema.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type ServerErrorRow = Selectable<ServerErrorsTable>;
export type IntegrityCheckRow = Selectable<IntegrityChecksTable>;

// ---- Email outbox -------------------------------------------------------------------------------

/** Emails of a tenant (or of the whole server) that need a person: given up on, or waiting to be tried again after a failure. */
export async function troubledEmails(db: Reader, opts: { tenantId: string | undefined; failedSince: string; limit: number }) {
  let failed = db
    .selectFrom('outbox')
    .selectAll()
    .where('kind', '=', 'email')
    .where('status', '=', 'failed')
    .where('finished_at', '>=', opts.failedSince);
  let retrying = db.selectFrom('outbox').selectAll().where('kind', '=', 'email').where('status', '=', 'pending').where('attempts', '>', 0);
  if (opts.tenantId) {
    failed = failed.where('tenant_id', '=', opts.tenantId);
    retrying = retrying.where('tenant_id', '=', opts.tenantId);
  }
  const [failedRows, retryingRows] = await Promise.all([
    failed.orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute(),
    retrying.orderBy('created_at').orderBy('id').limit(opts.limit).execute(),
  ]);
  return { failed: failedRows, retrying: retryingRows };
}

export interface EmailCounts {
  failedRecent: number;
  failedOlder: number;
  retrying: number;
  sentRecent: number;
  oldestRetryingAt: string | null;
}

export async function emailCounts(db: Reader, opts: { tenantId: string | undefined; failedSince: string; sentSince: string }): Promise<EmailCounts> {
  let q = db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'failed'), eb('finished_at', '>=', opts.failedSince)])).then(1).else(0).end()).as('failed_recent'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'failed'), eb('finished_at', '<', opts.failedSince)])).then(1).else(0).end()).as('failed_older'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])).then(1).else(0).end()).as('retrying'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '=', 'sent'), eb('finished_at', '>=', opts.sentSince)])).then(1).else(0).end()).as('sent_recent'),
      eb.fn.min<string>(eb.case().when(eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])).then(eb.ref('created_at')).else(null).end()).as('oldest_retrying'),
    ])
    .where('kind', '=', 'email');
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  const r = await q.executeTakeFirst();
  return {
    failedRecent: Number(r?.failed_recent ?? 0),
    failedOlder: Number(r?.failed_older ?? 0),
    retrying: Number(r?.retrying ?? 0),
    sentRecent: Number(r?.sent_recent ?? 0),
    oldestRetryingAt: r?.oldest_retrying ?? null,
  };
}

/** The whole queue (every kind, every tenant): how much waits, and since when. */
export async function outboxBacklog(db: Reader, now: string) {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll<number>().as('queued'),
      eb.fn.sum<number>(eb.case().when('run_at', '<=', now).then(1).else(0).end()).as('due'),
      eb.fn.min<string>('created_at').as('oldest_created'),
      eb.fn.min<string>(eb.case().when('run_at', '<=', now).then(eb.ref('run_at')).else(null).end()).as('oldest_due'),
    ])
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  return {
    queued: Number(r?.queued ?? 0),
    due: Number(r?.due ?? 0),
    oldestCreatedAt: r?.oldest_created ?? null,
    oldestDueAt: r?.oldest_due ?? null,
  };
}

// ---- Devices ------------------------------------------------------------------------------------

/** Devices (not revoked) with their user, their tenant's time zone and their unresolved refused changes. */
export async function listDevices(db: Reader, tenantId: string | undefined) {
  let q = db
    .selectFrom('sync_clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('tenants as t', 't.id', 'c.tenant_id')
    .select([
      'c.client_id',
      'c.tenant_id',
      'c.user_id',
      'u.name as user_name',
      't.time_zone',
      'c.last_mutation_id',
      'c.created_at',
      'c.last_push_at',
      'c.last_pull_at',
      'c.app_version',
      'c.last_error',
      'c.last_error_at',
      'c.revoked_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('sync_rejections as r')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.client_id', '=', 'c.client_id')
        .where('r.resolved_at', 'is', null)
        .as('unresolved'),
    )
    .where('c.revoked_at', 'is', null);
  if (tenantId) q = q.where('c.tenant_id', '=', tenantId);
  const rows = await q.orderBy('u.name').orderBy('c.client_id').limit(5000).execute();
  return rows.map((r) => ({ ...r, unresolved: Number(r.unresolved ?? 0) }));
}
export type DeviceRow = Awaited<ReturnType<typeof listDevices>>[number];

/**
 * Users with a visit today that has started and is not long over (`endedAfter`), and is not
 * completed or called off: they are at work and their phone should be syncing.
 */
export async function usersWithWorkUnderWay(db: Reader, userIds: readonly string[], range: { start: string; now: string; endedAfter: string }): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('visit_engineers as ve')
    .innerJoin('visits as v', 'v.id', 've.visit_id')
    .select('ve.engineer_id')
    .distinct()
    .where('ve.engineer_id', 'in', [...userIds])
    .where('v.starts_at', '>=', range.start)
    .where('v.starts_at', '<=', range.now)
    .where('v.ends_at', '>=', range.endedAfter)
    .where('v.status', 'not in', ['completed', 'aborted'])
    .execute();
  return new Set(rows.map((r) => r.engineer_id));
}

export async function findDevice(db: Reader, tenantId: string, clientId: string) {
  return db
    .selectFrom('sync_clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.client_id', 'c.user_id', 'u.name', 'c.last_mutation_id', 'c.created_at', 'c.last_push_at', 'c.last_pull_at', 'c.app_version', 'c.last_error', 'c.last_error_at', 'c.revoked_at'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.client_id', '=', clientId)
    .executeTakeFirst();
}

export async function unresolvedRejections(db: Reader, tenantId: string, clientId: string) {
  return db
    .selectFrom('sync_rejections')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', clientId)
    .where('resolved_at', 'is', null)
    .orderBy('mutation_id')
    .limit(500)
    .execute();
}

/** Marks a device's refused changes as dealt with by the office; answers how many. */
export async function resolveRejections(trx: Transaction<DB>, tenantId: string, clientId: string, upTo: number | undefined, now: string): Promise<number> {
  let q = trx.updateTable('sync_rejections').set({ resolved_at: now }).where('tenant_id', '=', tenantId).where('client_id', '=', clientId).where('resolved_at', 'is', null);
  if (upTo !== undefined) q = q.where('mutation_id', '<=', upTo);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ---- Support log (server errors) -----------------------------------------------------------------

export async function insertServerError(db: Kysely<DB>, row: ServerErrorRow, keep: number): Promise<void> {
  await db.insertInto('server_errors').values(row).execute();
  // Bounded: everything older than the newest `keep` rows goes.
  const cutoff = await db.selectFrom('server_errors').select(['at', 'id']).orderBy('at', 'desc').orderBy('id', 'desc').offset(keep).limit(1).executeTakeFirst();
  if (cutoff) {
    await db
      .deleteFrom('server_errors')
      .where((eb) => eb.or([eb('at', '<', cutoff.at), eb.and([eb('at', '=', cutoff.at), eb('id', '<=', cutoff.id)])]))
      .execute();
  }
}

export async function recentServerErrors(db: Reader, opts: { tenantId: string | undefined; limit: number }): Promise<ServerErrorRow[]> {
  let q = db.selectFrom('server_errors').selectAll();
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function countServerErrors(db: Reader, opts: { tenantId: string | undefined; since: string }): Promise<number> {
  let q = db.selectFrom('server_errors').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '>=', opts.since);
  if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

// ---- Integrity checks ----------------------------------------------------------------------------

export async function insertIntegrityCheck(db: Kysely<DB>, row: IntegrityCheckRow): Promise<void> {
  await db.insertInto('integrity_checks').values(row).execute();
}

export async function finishIntegrityCheck(db: Kysely<DB>, id: string, o: Pick<IntegrityCheckRow, 'status' | 'finished_at' | 'duration_ms' | 'problems' | 'method'>): Promise<IntegrityCheckRow> {
  return db.updateTable('integrity_checks').set(o).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function lastIntegrityCheck(db: Reader, status?: IntegrityCheckRow['status']): Promise<IntegrityCheckRow | undefined> {
  let q = db.selectFrom('integrity_checks').selectAll();
  if (status) q = q.where('status', '=', status);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The last check that ran to the end (ok or failed). */
export async function lastFinishedIntegrityCheck(db: Reader): Promise<IntegrityCheckRow | undefined> {
  return db.selectFrom('integrity_checks').selectAll().where('status', '!=', 'running').orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** A check left "running" by a server that stopped mid-check is closed as not finished. */
export async function closeAbandonedChecks(db: Kysely<DB>, now: string): Promise<void> {
  await db
    .updateTable('integrity_checks')
    .set({ status: 'failed', finished_at: now, problems: JSON.stringify(['The check did not finish: the server stopped while it ran.']) })
    .where('status', '=', 'running')
    .execute();
}
