import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SYNC_LIMITS } from '@fieldkeep/domain';
import type { BlobStore } from '../blobs/blob-store.js';
import type { AppContext } from '../context.js';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId } from '../ids.js';
import { applyCommits, applySnapshot } from './apply.js';
import type { ReplicationHub } from './hub.js';
import type { ReplCommit } from './log.repository.js';
import { pushQueuedWork } from './queue.js';
import { SCHEMA_VERSION } from './replication.routes.js';
import { readSnapshot, type SnapshotHeader } from './snapshot.js';
import { writeServerState, type ServerState } from './state.js';

export interface ReplicaOptions {
  primaryUrl: string;
  token: string;
  /** Poll every this many ms instead of long-polling (`--every 15m`). */
  everyMs: number | undefined;
  /** This replica's own address, told to the primary (so a restarted former primary can ask it for the epoch). */
  ownUrl: string;
  name: string;
}

/** Long-poll wait asked of the primary. */
const LONG_POLL_MS = 25_000;
const PAGE_ROWS = 2000;

/**
 * Follows a primary: pulls whole commits after its cursor, fetches the blobs they name, applies
 * both (blob files first, fsynced; then the rows and the new cursor in one transaction) and asks for
 * what follows — which confirms the position to the primary. Also pushes work queued here while the
 * primary was away.
 */
export class ReplicaRunner {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private abort = new AbortController();
  private sleepTimer: { t: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly hub: ReplicationHub,
    private readonly store: BlobStore,
    private readonly opts: ReplicaOptions,
  ) {}

  start(): void {
    this.loop = this.run();
    // Queued office work goes as soon as the primary answers, not at the end of a long-poll.
    this.queueTimer = setInterval(() => void this.pushQueue(), 1000);
    this.queueTimer.unref();
  }

  private queueBusy = false;
  private queueTimer: NodeJS.Timeout | undefined;

  /** Pushes work queued on this replica (skipped while the primary is unreachable). */
  async pushQueue(): Promise<void> {
    if (this.queueBusy || this.stopped || this.replicaState.unreachableSince) return;
    this.queueBusy = true;
    try {
      await pushQueuedWork(this.ctx, this.opts, this.abort.signal);
    } catch (err) {
      if (!this.stopped) this.ctx.log.warn({ err: (err as Error).message }, 'replica: could not push queued work');
    } finally {
      this.queueBusy = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.queueTimer) clearInterval(this.queueTimer);
    this.abort.abort();
    if (this.sleepTimer) {
      clearTimeout(this.sleepTimer.t);
      this.sleepTimer.resolve();
    }
    await this.loop;
  }

  private get replicaState(): NonNullable<ServerState['replica']> {
    return (
      this.hub.state.replica ?? {
        primaryUrl: this.opts.primaryUrl,
        cursor: 0,
        primaryEpoch: 0,
        lastUpdateAt: null,
        unreachableSince: null,
        lastError: null,
      }
    );
  }

  private async saveState(patch: Partial<NonNullable<ServerState['replica']>>): Promise<void> {
    const replica = { ...this.replicaState, ...patch, primaryUrl: this.opts.primaryUrl };
    await writeServerState(this.ctx.database.db, { replica });
    this.hub.state = { ...this.hub.state, replica };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        // Right after a failure, ask without waiting: the primary is marked reachable (and queued
        // work goes) as soon as it answers, not at the end of a long-poll.
        const caughtUp = await this.round(this.opts.everyMs === undefined && failures === 0 ? LONG_POLL_MS : 0);
        failures = 0;
        if (caughtUp && this.opts.everyMs !== undefined) {
          await this.pushQueue();
          await this.sleep(this.opts.everyMs);
        }
      } catch (err) {
        if (this.stopped) break;
        failures++;
        const now = this.ctx.clock.now().toISOString();
        const message = (err as Error).message;
        this.ctx.log.warn({ err: message }, 'replica: the primary did not answer');
        await this.saveState({ unreachableSince: this.replicaState.unreachableSince ?? now, lastError: message.slice(0, 500) }).catch(() => undefined);
        await this.sleep(Math.min(5000, 250 * 2 ** Math.min(failures, 5)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepTimer = { t: setTimeout(resolve, ms), resolve };
    });
  }

  /** One request to the primary and the apply of its answer. True when nothing more is waiting. */
  async round(waitMs: number): Promise<boolean> {
    const cursor = this.replicaState.cursor;
    const url = `${this.opts.primaryUrl}/api/replication/changes?after=${cursor}&wait=${waitMs}&max=${PAGE_ROWS}`;
    const res = await fetch(url, { headers: this.headers(), signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(waitMs + 30_000)]) });
    if (res.status === 410) {
      // The primary removed the log below this replica's position: copy its tables, then follow on.
      await res.body?.cancel();
      await this.copySnapshot();
      return false;
    }
    if (!res.ok) throw new Error(`the primary answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const body = (await res.json()) as { epoch: number; schema: string; head: number; commits: ReplCommit[] };
    if (body.schema !== SCHEMA_VERSION) {
      throw new Error(`the primary's schema is ${body.schema}, this replica's ${SCHEMA_VERSION}: run the same Fieldkeep version on both`);
    }
    const now = this.ctx.clock.now().toISOString();
    if (body.commits.length > 0) {
      await this.fetchBlobs(body.commits);
      const last = body.commits.at(-1)!.position;
      const { replica, save } = this.advanceTo(last, body.epoch, now);
      await applyCommits(this.ctx.database, body.commits, save);
      this.hub.state = { ...this.hub.state, replica };
      return last >= body.head;
    }
    await this.saveState({ primaryEpoch: body.epoch, lastUpdateAt: now, unreachableSince: null, lastError: null });
    return true;
  }

  /**
   * Copies the primary's snapshot (every replicated table at one position): downloaded to a file,
   * its blobs fetched, then applied with the new cursor in one transaction.
   */
  private async copySnapshot(): Promise<void> {
    const dir = path.join(this.ctx.config.dataDir, 'tmp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `snapshot-${newId()}.ndjson`);
    try {
      const res = await fetch(`${this.opts.primaryUrl}/api/replication/snapshot`, { headers: this.headers(), signal: this.abort.signal });
      if (!res.ok || !res.body) throw new Error(`snapshot: the primary answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const schema = res.headers.get('x-fieldkeep-schema');
      if (schema !== SCHEMA_VERSION) {
        await res.body.cancel();
        throw new Error(`the primary's schema is ${schema}, this replica's ${SCHEMA_VERSION}: run the same Fieldkeep version on both`);
      }
      const epoch = Number(res.headers.get('x-fieldkeep-epoch') ?? this.replicaState.primaryEpoch);
      await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(file));
      let header: SnapshotHeader | undefined;
      const wanted = new Set<string>();
      for await (const line of readSnapshot(file)) {
        if (!('t' in line)) header = line;
        else if (line.t === 'blobs') wanted.add(String(line.r.sha256));
      }
      if (!header) throw new Error('snapshot: the primary sent no header');
      await this.fetchShas(wanted);
      const now = this.ctx.clock.now().toISOString();
      const { replica, save } = this.advanceTo(header.position, epoch, now);
      const rows = await applySnapshot(this.ctx.database, file, save);
      this.hub.state = { ...this.hub.state, replica };
      this.ctx.log.warn({ position: header.position, rows, blobs: wanted.size }, 'replica: copied a snapshot of the primary (its log had been compacted below this replica)');
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** The replica's state at a new position, and its write for the transaction that applies the rows. */
  private advanceTo(cursor: number, primaryEpoch: number, now: string) {
    const replica = { ...this.replicaState, primaryUrl: this.opts.primaryUrl, cursor, primaryEpoch, lastUpdateAt: now, unreachableSince: null, lastError: null };
    const value = JSON.stringify(replica);
    const save = async (trx: Transaction<DB>) => {
      await trx
        .insertInto('instance_meta')
        .values({ key: 'replica', value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    };
    return { replica, save };
  }

  private headers(): Record<string, string> {
    return {
      authorization: `Bearer ${this.opts.token}`,
      'x-fieldkeep-replica-id': this.hub.instanceId,
      'x-fieldkeep-replica-name': this.opts.name,
      'x-fieldkeep-replica-url': this.opts.ownUrl,
      'x-fieldkeep-epoch': String(this.hub.state.epoch),
    };
  }

  /** Every blob the commits record, fetched and stored (fsynced) before the rows that name it. */
  private async fetchBlobs(commits: readonly ReplCommit[]): Promise<void> {
    const wanted = new Set<string>();
    for (const c of commits) for (const r of c.rows) if (r.table === 'blobs' && r.op === 'put' && r.row) wanted.add(String(r.row.sha256));
    await this.fetchShas(wanted);
  }

  private async fetchShas(wanted: ReadonlySet<string>): Promise<void> {
    for (const sha of wanted) {
      if (this.store.exists(sha)) continue;
      const res = await fetch(`${this.opts.primaryUrl}/api/replication/blobs/${sha}`, { headers: this.headers(), signal: this.abort.signal });
      if (!res.ok || !res.body) throw new Error(`blob ${sha}: the primary answered ${res.status}`);
      await this.store.put(sha, Readable.fromWeb(res.body as never), SYNC_LIMITS.blobBytes * 2);
    }
  }
}
