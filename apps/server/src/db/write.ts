import { sql, type Transaction } from 'kysely';
import { appendChanges, type ChangeRecord } from '../changelog/changelog.repository.js';
import type { Clock } from '../clock.js';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/**
 * The handle a service gets for one write transaction: the Kysely transaction, the time of the
 * write (one "now" for every row it touches) and `record()` for the change log.
 */
export interface WriteTx {
  trx: Transaction<DB>;
  now: string;
  record(change: ChangeRecord): void;
  /** Runs `fn` in a savepoint: if it throws, its writes and recorded changes are undone, the rest stays. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface WriteResult<T> {
  value: T;
  /** The change-log position at which this write's effects are visible (undefined: it logged none). */
  position: number | undefined;
}

/**
 * Runs `fn` in one transaction and appends what it recorded to the change log in that same
 * transaction, so a change and its log rows commit (or vanish) together. `fn` must not await
 * network or file I/O: on SQLite the single writer would stall everyone behind it.
 *
 * On SQLite, writes that arrive while the writer is busy are committed together (group commit,
 * below): each in a savepoint of one transaction, so one write failing undoes only its own rows, and
 * the whole group costs one fsync. The promise settles only after the COMMIT that made it durable.
 */
export async function withWriteTx<T>(
  database: Database,
  clock: Clock,
  fn: (tx: WriteTx) => Promise<T>,
): Promise<WriteResult<T>> {
  if (database.dialect === 'sqlite') return groupCommitter(database).run((trx, tag) => runWrite(trx, database, clock, fn, tag));
  return database.db.transaction().execute((trx) => runWrite(trx, database, clock, fn, 'sp'));
}

async function runWrite<T>(trx: Transaction<DB>, database: Database, clock: Clock, fn: (tx: WriteTx) => Promise<T>, tag: string): Promise<WriteResult<T>> {
  const changes: ChangeRecord[] = [];
  const now = clock.now().toISOString();
  let savepoints = 0;
  const savepoint = async <V>(inner: () => Promise<V>): Promise<V> => {
    const name = `${tag}_${++savepoints}`;
    const mark = changes.length;
    await sql.raw(`savepoint ${name}`).execute(trx);
    try {
      const v = await inner();
      await sql.raw(`release savepoint ${name}`).execute(trx);
      return v;
    } catch (err) {
      await sql.raw(`rollback to savepoint ${name}`).execute(trx);
      changes.length = mark;
      throw err;
    }
  };
  const value = await fn({ trx, now, record: (c) => changes.push(c), savepoint });
  const position = await appendChanges(trx, database.dialect, changes, now);
  return { value, position };
}

/** Most writes committed by one COMMIT (one fsync). */
export const GROUP_COMMIT_MAX = 64;

interface GroupJob {
  work: (trx: Transaction<DB>, tag: string) => Promise<unknown>;
  resolve: (v: never) => void;
  reject: (err: unknown) => void;
}

/** The transaction was rolled back under a write (SQLite does so on a full disk, an I/O error…). */
class GroupAborted extends Error {
  constructor(readonly reason: unknown) {
    super('the write transaction was rolled back');
  }
}

/**
 * Group commit for SQLite's single writer. A COMMIT in WAL mode with synchronous=FULL waits for an
 * fsync, and better-sqlite3 waits on the main thread: one transaction per request made the disk's
 * flush rate the server's write rate. Writes that queue while one group commits go in the next
 * group. A lone write commits at once, alone, exactly as a plain transaction would.
 */
class GroupCommitter {
  private readonly queue: GroupJob[] = [];
  private running = false;

  constructor(private readonly db: Database['db']) {}

  run<T>(work: (trx: Transaction<DB>, tag: string) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.loop();
      }
    });
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await this.commit(this.queue.splice(0, GROUP_COMMIT_MAX));
        // Let requests that arrived during the commit reach the queue: they form the next group.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(group: GroupJob[]): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        if (group.length === 1) {
          outcomes.push({ ok: true, value: await group[0]!.work(trx, 'sp') });
          return;
        }
        for (let i = 0; i < group.length; i++) {
          const name = `g${i}`;
          await sql.raw(`savepoint ${name}`).execute(trx);
          try {
            const value = await group[i]!.work(trx, name);
            await sql.raw(`release savepoint ${name}`).execute(trx);
            outcomes.push({ ok: true, value });
          } catch (err) {
            outcomes.push({ ok: false, err });
            try {
              await sql.raw(`rollback to savepoint ${name}`).execute(trx);
              await sql.raw(`release savepoint ${name}`).execute(trx);
            } catch {
              throw new GroupAborted(err);
            }
          }
        }
      });
    } catch (err) {
      // Nothing of this group was committed: each write is refused (its client keeps it and retries).
      const reason = err instanceof GroupAborted ? err.reason : err;
      for (const job of group) job.reject(reason);
      return;
    }
    group.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value as never);
      else job.reject(o.err);
    });
  }
}

const committers = new WeakMap<Database['db'], GroupCommitter>();

function groupCommitter(database: Database): GroupCommitter {
  let c = committers.get(database.db);
  if (!c) committers.set(database.db, (c = new GroupCommitter(database.db)));
  return c;
}
