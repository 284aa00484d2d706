import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * What this server knows about its place among primary and replicas, kept in its own (never
 * replicated) `instance_meta` table so it survives restarts.
 */
export interface ServerState {
  role: 'primary' | 'replica';
  /** Bumped by `fieldkeep promote`. A server that learns of a higher epoch stops taking writes. */
  epoch: number;
  /** Set when a higher epoch was seen: this server was replaced and refuses writes. */
  superseded: { epoch: number; by: string; at: string } | null;
  /** Operator switch: acknowledge writes locally although FIELDKEEP_ACK=replicated. */
  degraded: { since: string; by: string } | null;
  /** Replica only: the primary it follows and how far it got. */
  replica: {
    primaryUrl: string;
    cursor: number;
    primaryEpoch: number;
    lastUpdateAt: string | null;
    unreachableSince: string | null;
    lastError: string | null;
  } | null;
  /** After a promote: the former primary, told about the new epoch until it confirms. */
  formerPrimary: { url: string; token: string; told: boolean; promotedAt: string } | null;
  /** Replica only: the replication token it uses (kept so a promoted replica can fence its former primary). */
  replicaToken: string | null;
}

const KEYS = ['role', 'epoch', 'superseded', 'degraded', 'replica', 'former_primary', 'replica_token'] as const;

export async function readServerState(db: Kysely<DB>): Promise<ServerState> {
  const rows = await db.selectFrom('instance_meta').select(['key', 'value']).where('key', 'in', KEYS).execute();
  const m = new Map(rows.map((r) => [r.key, r.value]));
  const json = <T>(k: string): T | null => (m.has(k) ? (JSON.parse(m.get(k)!) as T) : null);
  return {
    role: m.get('role') === 'replica' ? 'replica' : 'primary',
    epoch: Number(m.get('epoch') ?? 1),
    superseded: json('superseded'),
    degraded: json('degraded'),
    replica: json('replica'),
    formerPrimary: json('former_primary'),
    replicaToken: m.get('replica_token') ?? null,
  };
}

type Patch = Partial<{
  role: ServerState['role'];
  epoch: number;
  superseded: ServerState['superseded'];
  degraded: ServerState['degraded'];
  replica: ServerState['replica'];
  formerPrimary: ServerState['formerPrimary'];
  replicaToken: string | null;
}>;

/** Writes the given fields (null clears a field). */
export async function writeServerState(db: Kysely<DB>, patch: Patch): Promise<void> {
  const entries: Array<[string, string | null]> = [];
  if (patch.role !== undefined) entries.push(['role', patch.role]);
  if (patch.epoch !== undefined) entries.push(['epoch', String(patch.epoch)]);
  if (patch.superseded !== undefined) entries.push(['superseded', patch.superseded && JSON.stringify(patch.superseded)]);
  if (patch.degraded !== undefined) entries.push(['degraded', patch.degraded && JSON.stringify(patch.degraded)]);
  if (patch.replica !== undefined) entries.push(['replica', patch.replica && JSON.stringify(patch.replica)]);
  if (patch.formerPrimary !== undefined) entries.push(['former_primary', patch.formerPrimary && JSON.stringify(patch.formerPrimary)]);
  if (patch.replicaToken !== undefined) entries.push(['replica_token', patch.replicaToken]);
  for (const [key, value] of entries) {
    if (value === null) {
      await db.deleteFrom('instance_meta').where('key', '=', key).execute();
    } else {
      await db
        .insertInto('instance_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
  }
}
