import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { headPosition } from './log.repository.js';
import { readServerState, writeServerState, type ServerState } from './state.js';

export interface PeerInfo {
  replicaId: string;
  name: string;
  url: string | null;
  epoch: number;
}

interface Peer extends PeerInfo {
  confirmed: number;
  lastSeenAt: string;
  savedAt: number;
}

/** How often the server re-reads its state (the CLI may switch degraded mode or fence it meanwhile). */
const STATE_REFRESH_MS = 1000;
/** How often a replica's confirmed position is written down (it is also kept in memory). */
const PEER_SAVE_MS = 1000;

/**
 * The primary's side of replication: which replicas confirmed which position, the acknowledgement
 * rule for writes (FIELDKEEP_ACK), long-poll wake-ups, and the epoch fence.
 */
export class ReplicationHub {
  state!: ServerState;
  private readonly peers = new Map<string, Peer>();
  private readonly ackWaiters = new Set<{ position: number; done: () => void }>();
  private readonly commitWaiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    readonly instanceId: string,
  ) {}

  /**
   * Who confirms a write under FIELDKEEP_ACK=replicated: PostgreSQL's synchronous standby when one
   * is configured (the COMMIT itself waits for it), otherwise an office replica.
   */
  confirmBy: 'replica' | 'standby' = 'replica';

  async start(): Promise<void> {
    await this.refresh();
    if (this.ctx.database.dialect === 'postgres') {
      const r = await sql<{ v: string }>`select current_setting('synchronous_standby_names') as v`.execute(this.ctx.database.db);
      if ((r.rows[0]?.v ?? '').trim() !== '') this.confirmBy = 'standby';
    }
    const rows = await this.ctx.database.db.selectFrom('replica_peers').selectAll().execute();
    for (const r of rows) {
      this.peers.set(r.replica_id, {
        replicaId: r.replica_id,
        name: r.name,
        url: r.url,
        epoch: r.epoch,
        confirmed: r.confirmed_position,
        lastSeenAt: r.last_seen_at,
        savedAt: Date.now(),
      });
    }
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.ctx.log.warn({ err }, 'could not read the server state'));
      // Writes made by workers (not HTTP) reach waiting replicas within this interval.
      this.poke();
    }, STATE_REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of [...this.commitWaiters]) w();
  }

  async refresh(): Promise<void> {
    this.state = await readServerState(this.ctx.database.db);
  }

  get isReplica(): boolean {
    return this.state.role === 'replica';
  }

  /** How writes are acknowledged now. */
  get ackMode(): 'local' | 'replicated' | 'degraded' {
    if (this.ctx.config.ack === 'local') return 'local';
    return this.state.degraded ? 'degraded' : 'replicated';
  }

  /** Refuses writes on a server that was replaced by a promoted replica. */
  assertWritable(): void {
    const s = this.state.superseded;
    if (s) {
      throw new AppError(
        'superseded',
        `This server was replaced by ${s.by} (epoch ${s.epoch}, seen ${s.at}) and no longer accepts writes. Point phones and browsers at the new primary.`,
        { extra: { epoch: s.epoch, primary: s.by } },
      );
    }
  }

  /** Another server has a higher epoch: from now on this one refuses writes, across restarts. */
  async supersede(epoch: number, by: string): Promise<void> {
    if (epoch <= this.state.epoch || (this.state.superseded && this.state.superseded.epoch >= epoch)) return;
    const superseded = { epoch, by, at: this.ctx.clock.now().toISOString() };
    await writeServerState(this.ctx.database.db, { superseded });
    this.state = { ...this.state, superseded };
    this.ctx.log.error({ epoch, by }, 'a server with a higher epoch exists: this server now refuses writes');
  }

  /** The operator's switch: acknowledge locally while no replica can confirm (shown on every office page). */
  async setDegraded(on: boolean, by: string): Promise<void> {
    const degraded = on ? { since: this.ctx.clock.now().toISOString(), by } : null;
    await writeServerState(this.ctx.database.db, { degraded });
    this.state = { ...this.state, degraded };
    this.ctx.log.warn({ degraded: on, by }, on ? 'degraded acknowledgement switched on' : 'replicated acknowledgement restored');
    if (on) for (const w of [...this.ackWaiters]) w.done();
  }

  /** A replica asked for changes after `position`: everything up to it is durable there. */
  async confirm(peer: PeerInfo, position: number): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    const known = this.peers.get(peer.replicaId);
    const p: Peer = { ...peer, confirmed: position, lastSeenAt: now, savedAt: known?.savedAt ?? 0 };
    this.peers.set(peer.replicaId, p);
    for (const w of [...this.ackWaiters]) if (this.maxConfirmed() >= w.position) w.done();
    if (Date.now() - p.savedAt >= PEER_SAVE_MS || !known || known.confirmed > position) {
      p.savedAt = Date.now();
      await this.ctx.database.db
        .insertInto('replica_peers')
        .values({
          replica_id: p.replicaId,
          name: p.name,
          url: p.url,
          confirmed_position: position,
          epoch: p.epoch,
          first_seen_at: now,
          last_seen_at: now,
        })
        .onConflict((oc) =>
          oc.column('replica_id').doUpdateSet({ name: p.name, url: p.url, confirmed_position: position, epoch: p.epoch, last_seen_at: now }),
        )
        .execute();
    }
  }

  maxConfirmed(): number {
    let max = 0;
    for (const p of this.peers.values()) if (p.epoch <= this.state.epoch) max = Math.max(max, p.confirmed);
    return max;
  }

  peerList(): Array<PeerInfo & { confirmed: number; lastSeenAt: string }> {
    return [...this.peers.values()].map(({ savedAt: _s, ...p }) => p);
  }

  /**
   * Resolves once a replica has confirmed everything committed so far (FIELDKEEP_ACK=replicated on
   * SQLite); otherwise at once. Throws replica_unavailable after FIELDKEEP_ACK_TIMEOUT_MS: the
   * write may be committed here, and the client's idempotent retry is answered once it is replicated.
   */
  async awaitReplicated(): Promise<void> {
    if (this.ackMode !== 'replicated' || this.confirmBy === 'standby') return;
    const position = await headPosition(this.ctx.database.read);
    if (this.maxConfirmed() >= position) return;
    this.poke();
    const ok = await new Promise<boolean>((resolve) => {
      const w = {
        position,
        done: () => {
          clearTimeout(t);
          this.ackWaiters.delete(w);
          resolve(true);
        },
      };
      const t = setTimeout(() => {
        this.ackWaiters.delete(w);
        resolve(false);
      }, this.ctx.config.ackTimeoutMs);
      this.ackWaiters.add(w);
    });
    if (!ok) {
      throw new AppError(
        'replica_unavailable',
        `No replica confirmed this write within ${this.ctx.config.ackTimeoutMs} ms. It is kept on the phone (or in the browser): try again. An operator can switch to degraded acknowledgement while the replica is down.`,
        { headers: { 'retry-after': '5' } },
      );
    }
  }

  /** Wakes long-polling replicas: something was committed. */
  poke(): void {
    for (const w of [...this.commitWaiters]) w();
  }

  /** Waits until something was committed after `after`, or `ms` pass. */
  async waitForCommits(after: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.stopped && (await headPosition(this.ctx.database.read)) <= after) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        const waiters = this.commitWaiters;
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        this.commitWaiters.add(done);
      });
    }
  }
}
