import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { headPosition } from './log.repository.js';

/**
 * Keeps the replication log (`repl_log`, `repl_tx`) from growing for ever. A commit is removed once
 * - it is older than FIELDKEEP_REPL_LOG_KEEP_DAYS (by hourly marks of the head position: the log
 *   has no timestamps of its own), and
 * - every replica seen in that time has confirmed it.
 * The newest commit always stays. What is left starts after the *floor*: a replica asking for
 * changes below it gets 410 `log_compacted` and copies a snapshot instead (`/api/replication/snapshot`).
 * A replica away for longer than the retention does the same when it comes back.
 */

const MARKS_KEY = 'repl_marks';
const FLOOR_KEY = 'repl_floor';
const DAY_MS = 86_400_000;
/** Commits removed per transaction: the single SQLite writer is not held for long. */
const BATCH_COMMITS = 2000;
/** How often the server records a mark and compacts. */
export const COMPACTION_EVERY_MS = 3_600_000;

interface Mark {
  at: string;
  head: number;
}

async function meta(db: Kysely<DB>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('instance_meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

async function setMeta(db: Kysely<DB>, key: string, value: string): Promise<void> {
  await db
    .insertInto('instance_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The position below which the log was removed (0: nothing removed). A replica must be at or above it. */
export async function logFloor(db: Kysely<DB>): Promise<number> {
  return Number((await meta(db, FLOOR_KEY)) ?? 0);
}

export interface CompactionResult {
  head: number;
  /** The floor before and after this run. */
  from: number;
  floor: number;
  removedCommits: number;
  /** Why the floor is where it is: "retention" (commits newer than the kept days), "replica NAME" (not confirmed yet), "head". */
  heldBy: string;
}

/** Records a mark of the head position and removes what no replica needs any more. */
export async function compactReplicationLog(ctx: Pick<AppContext, 'database' | 'clock' | 'log'>, keepDays: number): Promise<CompactionResult> {
  const { db } = ctx.database;
  const now = ctx.clock.now();
  const head = await headPosition(db);
  const cutoff = now.getTime() - keepDays * DAY_MS;

  const marks = (JSON.parse((await meta(db, MARKS_KEY)) ?? '[]') as Mark[]).filter((m) => m.head <= head);
  if (marks.at(-1)?.head !== head) marks.push({ at: now.toISOString(), head });
  const old = marks.filter((m) => Date.parse(m.at) <= cutoff);
  // Kept: the newest mark past the cutoff (it is the retention target) and every newer one.
  const kept = [...old.slice(-1), ...marks.filter((m) => Date.parse(m.at) > cutoff)];
  await setMeta(db, MARKS_KEY, JSON.stringify(kept));

  let target = head - 1;
  let heldBy = 'head';
  const byTime = old.length > 0 ? Math.max(...old.map((m) => m.head)) : 0;
  if (byTime < target) {
    target = byTime;
    heldBy = 'retention';
  }
  const peers = await db.selectFrom('replica_peers').select(['name', 'confirmed_position', 'last_seen_at']).execute();
  for (const p of peers) {
    if (Date.parse(p.last_seen_at) <= cutoff) continue;
    if (Number(p.confirmed_position) < target) {
      target = Number(p.confirmed_position);
      heldBy = `replica ${p.name}`;
    }
  }

  const from = await logFloor(db);
  let floor = from;
  let removedCommits = 0;
  while (floor < target) {
    // The newest real position at or below the batch end (positions may have gaps).
    const want = Math.min(target, floor + BATCH_COMMITS);
    const next = Number(
      (await db.selectFrom('repl_tx').select((eb) => eb.fn.max('position').as('p')).where('position', '<=', want).executeTakeFirst())?.p ?? 0,
    );
    if (next <= floor) break;
    await db.transaction().execute(async (trx) => {
      if (ctx.database.dialect === 'sqlite') {
        const last = await trx.selectFrom('repl_tx').select('last_seq').where('position', '=', next).executeTakeFirstOrThrow();
        await trx.deleteFrom('repl_log').where('seq', '<=', Number(last.last_seq)).execute();
      } else {
        await sql`delete from repl_log where xid in (select xid from repl_tx where position <= ${next})`.execute(trx);
      }
      // The floor's own row stays: it says where the next commit's rows start.
      const gone = await trx.deleteFrom('repl_tx').where('position', '<', next).executeTakeFirst();
      removedCommits += Number(gone.numDeletedRows);
      await setMeta(trx, FLOOR_KEY, String(next));
    });
    floor = next;
    await new Promise((r) => setImmediate(r));
  }
  if (floor > from) ctx.log.info({ from, floor, head, removedCommits, heldBy }, 'replication log compacted');
  return { head, from, floor, removedCommits, heldBy };
}

/** Compacts once soon after start, then hourly. */
export function startCompactionSchedule(ctx: AppContext): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const run = () => {
    if (running) return;
    running = compactReplicationLog(ctx, ctx.config.replLogKeepDays)
      .catch((err: unknown) => ctx.log.error({ err }, 'the replication log could not be compacted'))
      .finally(() => (running = undefined));
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, COMPACTION_EVERY_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
