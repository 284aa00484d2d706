import type { AppContext } from '../context.js';
import type { Database } from '../db/database.js';
import type { ReplicationHub } from './hub.js';
import { readServerState, writeServerState } from './state.js';

/**
 * Makes this data dir an office replica of `primaryUrl`. An empty database becomes one; a database
 * that already follows that primary carries on; a primary's database is refused (it would mix).
 */
export async function becomeReplica(database: Database, primaryUrl: string, token: string): Promise<void> {
  const state = await readServerState(database.db);
  if (state.role === 'replica') {
    if (state.replica && state.replica.primaryUrl !== primaryUrl) {
      throw new Error(`This data dir replicates ${state.replica.primaryUrl}, not ${primaryUrl}: use an empty data dir for another primary.`);
    }
    await writeServerState(database.db, { replicaToken: token });
    return;
  }
  const hasData = (await database.db.selectFrom('tenants').select('id').limit(1).execute()).length > 0;
  if (hasData) {
    throw new Error('This data dir holds a primary’s database: give the replica its own empty FIELDKEEP_DATA_DIR.');
  }
  await writeServerState(database.db, {
    role: 'replica',
    replicaToken: token,
    replica: { primaryUrl, cursor: 0, primaryEpoch: 0, lastUpdateAt: null, unreachableSince: null, lastError: null },
  });
}

/**
 * `fieldkeep promote`: this replica becomes the primary, with an epoch above the one it followed.
 * The former primary is told (now, and by the new primary until it confirms) and refuses writes.
 */
export async function promote(database: Database, at: string): Promise<{ epoch: number; formerPrimary: string; position: number }> {
  const state = await readServerState(database.db);
  if (state.role !== 'replica' || !state.replica) throw new Error('This data dir is not a replica: there is nothing to promote.');
  const epoch = Math.max(state.epoch, state.replica.primaryEpoch) + 1;
  await writeServerState(database.db, {
    role: 'primary',
    epoch,
    formerPrimary: { url: state.replica.primaryUrl, token: state.replicaToken ?? '', told: false, promotedAt: at },
  });
  return { epoch, formerPrimary: state.replica.primaryUrl, position: state.replica.cursor };
}

/** A restarted primary asks the replicas it knows whether one of them was promoted meanwhile. */
export async function checkForNewerEpoch(ctx: AppContext, hub: ReplicationHub): Promise<void> {
  for (const p of hub.peerList()) {
    if (!p.url) continue;
    try {
      const res = await fetch(`${p.url}/api/replication/epoch`, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) continue;
      const body = (await res.json()) as { role: string; epoch: number };
      if (body.role === 'primary' && body.epoch > hub.state.epoch) await hub.supersede(body.epoch, p.url);
    } catch {
      // Unreachable: it may be down, or never have been promoted. The new primary tells us itself.
    }
  }
  void ctx;
}

/** The new primary keeps telling its former primary about the new epoch until it confirms. */
export class FormerPrimaryFencer {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly hub: ReplicationHub,
    private readonly everyMs = 2000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    const f = this.hub.state.formerPrimary;
    if (this.busy || !f || f.told || this.hub.state.role !== 'primary') return;
    this.busy = true;
    try {
      const res = await fetch(`${f.url}/api/replication/fence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ epoch: this.hub.state.epoch, by: this.ctx.config.publicUrl }),
        signal: AbortSignal.timeout(3000),
      });
      if (res.ok && ((await res.json()) as { superseded: boolean }).superseded) {
        const formerPrimary = { ...f, told: true };
        await writeServerState(this.ctx.database.db, { formerPrimary });
        this.hub.state = { ...this.hub.state, formerPrimary };
        this.ctx.log.info({ formerPrimary: f.url }, 'the former primary confirmed it refuses writes');
      }
    } catch {
      // Still down: try again.
    } finally {
      this.busy = false;
    }
  }
}


