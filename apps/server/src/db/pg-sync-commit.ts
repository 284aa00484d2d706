import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { AppError } from '../errors/app-error.js';
import type { DB } from './schema.js';

/**
 * FIELDKEEP_ACK=replicated on PostgreSQL (DESIGN.md "Durability and continuity"; operators:
 * docs/postgres-standby.md). With `synchronous_commit=on` and `synchronous_standby_names` set, a
 * COMMIT returns only once a standby has the transaction — and with the standby gone it waits for
 * ever. `statement_timeout` does not bound that wait (PostgreSQL 15 switches the timeout off before
 * it commits); a query cancel does: COMMIT then *succeeds*, with a WARNING from SyncRepWaitForLSN
 * ("canceling wait for synchronous replication … already committed locally, but might not have been
 * replicated").
 *
 * So every query of the pool is watched: once it has run for `timeoutMs`, a side connection cancels
 * its backend if — and only if — `pg_stat_activity` shows it waiting for the standby (`SyncRep`). A
 * query whose wait was cancelled (by us, or by anyone: the notice says so) rejects with
 * `replica_unavailable` (503) instead of resolving. The write may be committed on the primary; the
 * client's idempotent retry is answered once the standby has it. Queries that never wait for the
 * standby (reads, rollbacks, commits the standby confirms in time) are not touched. Right after a
 * wait was cut at the full bound, the next waits are cut sooner (see `missingUntil`).
 *
 * The pool client is released destroyed after a cancelled wait, so a cancel signal that arrives late
 * can never hit the next query on that connection.
 */

export interface SyncCommitLog {
  warn(obj: object, msg: string): void;
}

export interface SyncCommitBound {
  /** Waits for the standby cancelled so far (since the pool was opened). */
  readonly cancelledWaits: number;
  /** Closes the side connection (also done by `pool.end()`). */
  close(): Promise<void>;
}

/** The function of the notice PostgreSQL sends when a wait for the standby is cut short (syncrep.c). */
const SYNC_REP_WAIT_ROUTINE = 'SyncRepWaitForLSN';

interface Watch {
  done: boolean;
  /** The full bound (not the short one used while the standby is known to be missing). */
  full: boolean;
  /** We cancelled this query's wait for the standby. */
  cancelled: boolean;
  /** PostgreSQL said this query's wait for the standby was cut short (by us or by anyone else). */
  notice: boolean;
  /** A check (and maybe a cancel) that is under way. */
  checking: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
}

type AnyQuery = (...args: unknown[]) => unknown;

/**
 * Bounds the wait for a synchronous standby on every connection `pool` opens from now on: call it
 * right after creating the pool. `timeoutMs` is FIELDKEEP_ACK_TIMEOUT_MS. `DATABASE_URL` must reach
 * PostgreSQL itself (or a TCP proxy such as HAProxy): behind PgBouncer the backend ids do not match.
 */
export function boundSyncCommits(pool: pg.Pool, timeoutMs: number, log?: SyncCommitLog): SyncCommitBound {
  if (!(timeoutMs > 0)) throw new Error(`boundSyncCommits: timeoutMs must be positive, not ${timeoutMs}`);
  const pollMs = Math.min(250, Math.max(25, Math.floor(timeoutMs / 10)));
  let cancelledWaits = 0;
  // Once a wait has been cut at the full bound, the standby is known to be missing: for the next
  // `timeoutMs` further waits are cut after `pollMs`. Otherwise each waiting commit would hold the
  // change-log lock (data.md) and a pool connection for the whole bound, and writes — then reads
  // waiting for a connection — would queue behind one another. The first wait after that window
  // gets the full bound again, so a returning standby is found.
  let missingUntil = 0;
  let lastCheckFailureLogged = 0;

  // One connection beside the pool, so a pool full of waiting commits cannot block the cancels. Its
  // queries are read-only: they never wait for the standby themselves. The password is copied by
  // name: pg-pool keeps it non-enumerable.
  const side = new pg.Pool({
    ...pool.options,
    password: pool.options.password,
    max: 1,
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
    application_name: 'fieldkeep-sync-watch',
  });
  side.on('error', (err) => log?.warn({ err }, 'the connection that bounds standby waits failed; it reconnects when next needed'));

  /** Cancels `pid` if it waits for the standby; answers whether it did. */
  const cancelIfWaitingForStandby = async (pid: number): Promise<boolean> => {
    const r = await side.query<{ cancelled: boolean }>(
      `select pg_cancel_backend(pid) as cancelled from pg_stat_activity where pid = $1 and wait_event = 'SyncRep'`,
      [pid],
    );
    return r.rows[0]?.cancelled === true;
  };

  const instrument = (client: pg.PoolClient): void => {
    let current: Watch | undefined;
    client.on('notice', (n) => {
      // Matched by the reporting function, not the (translated) text: PostgreSQL gives this warning
      // no SQLSTATE of its own (01000, like every plain warning).
      if (current && n.routine === SYNC_REP_WAIT_ROUTINE) current.notice = true;
    });
    const original = client.query.bind(client) as AnyQuery;
    const pid = (): number | undefined => (client as unknown as { processID: number | null }).processID ?? undefined;

    const check = (w: Watch): void => {
      w.timer = undefined;
      const id = pid();
      if (w.done || id === undefined) return;
      w.checking = cancelIfWaitingForStandby(id)
        .then((cancelled) => {
          if (!cancelled) return;
          w.cancelled = true;
          cancelledWaits++;
          if (!w.full) return;
          missingUntil = Date.now() + timeoutMs;
          log?.warn({ pid: id, timeoutMs }, 'no synchronous standby confirmed a commit in time: its wait was cancelled (committed on the primary only)');
        })
        .catch((err: unknown) => {
          // Retried every pollMs while the query runs: said once a minute.
          if (Date.now() - lastCheckFailureLogged < 60_000) return;
          lastCheckFailureLogged = Date.now();
          log?.warn({ err }, 'could not check a commit waiting for the standby: until this works, such a commit is not bounded');
        })
        .finally(() => {
          if (!w.done && !w.cancelled) w.timer = setTimeout(check, pollMs, w);
        });
    };

    const watched = async (args: unknown[]): Promise<unknown> => {
      const full = Date.now() >= missingUntil;
      const w: Watch = { done: false, full, cancelled: false, notice: false, checking: undefined, timer: undefined };
      current = w;
      w.timer = setTimeout(check, full ? timeoutMs : pollMs, w);
      let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await original(...args) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      w.done = true;
      clearTimeout(w.timer);
      // A cancel may be on its way while the answer came back: decide once it has landed.
      await w.checking;
      if (current === w) current = undefined;
      const cutShort = w.cancelled || w.notice;
      if (cutShort) releaseDestroyed(client);
      if (!outcome.ok) throw outcome.error;
      if (cutShort) throw notReplicated(timeoutMs);
      return outcome.value;
    };

    // Promise calls (Kysely) and callback calls (pool.query) are watched; cursors and other
    // submittables pass through untouched.
    (client as unknown as { query: AnyQuery }).query = (...args: unknown[]) => {
      const first = args[0];
      const submittable = typeof first === 'object' && first !== null && typeof (first as { submit?: unknown }).submit === 'function';
      if (submittable) return original(...args);
      const last = args[args.length - 1];
      if (typeof last !== 'function') return watched(args);
      const callback = last as (err: unknown, res?: unknown) => void;
      watched(args.slice(0, -1)).then(
        (res) => callback(null, res),
        (err: unknown) => callback(err),
      );
      return undefined;
    };
  };

  pool.on('connect', instrument);

  const close = async (): Promise<void> => {
    await side.end().catch(() => undefined);
  };
  const end: () => Promise<void> = pool.end.bind(pool);
  (pool as unknown as { end: () => Promise<void> }).end = async () => {
    await close();
    await end();
  };

  return {
    get cancelledWaits() {
      return cancelledWaits;
    },
    close,
  };
}

/** pg-pool sets `release` on every checkout: this one, and only this one, destroys the connection. */
function releaseDestroyed(client: pg.PoolClient): void {
  const release = client.release.bind(client);
  client.release = () => release(new Error('a wait for the synchronous standby was cancelled on this connection'));
}

function notReplicated(timeoutMs: number): AppError {
  return new AppError(
    'replica_unavailable',
    `No standby database confirmed this write within ${timeoutMs} ms. It may be stored on the primary only, so it is kept on the phone (or in the browser): try again. An operator can switch to local acknowledgement while the standby is down.`,
    { headers: { 'retry-after': '5' } },
  );
}

export interface SyncStandbyStatus {
  /** `synchronous_standby_names` as the server has it ('' = no standby is waited for). */
  synchronousStandbyNames: string;
  /** `synchronous_commit` of this session (on, remote_apply, remote_write wait for a standby). */
  synchronousCommit: string;
  /** Commits wait for a standby: both settings say so. */
  waitsForStandby: boolean;
  /** Standbys connected now (`pg_stat_replication`; a role without pg_read_all_stats may see fewer columns). */
  standbys: Array<{ applicationName: string; state: string | null; syncState: string | null }>;
  /** A standby is connected and confirming commits now (sync or quorum). */
  syncStandbyConnected: boolean;
}

/** What the primary does about standbys, for the startup check and the status page. */
export async function checkSyncStandbyConfigured(db: Kysely<DB>): Promise<SyncStandbyStatus> {
  const settings = await sql<{ names: string; commit: string }>`
    select current_setting('synchronous_standby_names') as names, current_setting('synchronous_commit') as commit`.execute(db);
  const rep = await sql<{ application_name: string; state: string | null; sync_state: string | null }>`
    select application_name, state, sync_state from pg_stat_replication order by application_name`.execute(db);
  const names = settings.rows[0]?.names ?? '';
  const commit = settings.rows[0]?.commit ?? '';
  const standbys = rep.rows.map((r) => ({ applicationName: r.application_name, state: r.state, syncState: r.sync_state }));
  return {
    synchronousStandbyNames: names,
    synchronousCommit: commit,
    waitsForStandby: names.trim() !== '' && ['on', 'remote_write', 'remote_apply'].includes(commit),
    standbys,
    syncStandbyConnected: standbys.some((s) => s.state === 'streaming' && (s.syncState === 'sync' || s.syncState === 'quorum')),
  };
}
