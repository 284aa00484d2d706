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
 */
export async function withWriteTx<T>(
  database: Database,
  clock: Clock,
  fn: (tx: WriteTx) => Promise<T>,
): Promise<WriteResult<T>> {
  return database.db.transaction().execute(async (trx) => {
    const changes: ChangeRecord[] = [];
    const now = clock.now().toISOString();
    let savepoints = 0;
    const savepoint = async <T>(inner: () => Promise<T>): Promise<T> => {
      const name = `sp_${++savepoints}`;
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
  });
}
