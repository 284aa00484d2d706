import { createHash } from 'node:crypto';
import { SYNC_ENTITIES, SYNC_LIMITS, type TChange, type TPullResponse } from '@fieldkeep/domain';
import type { z } from 'zod';
import type { ZPullQuery } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { lastPosition } from '../changelog/changelog.repository.js';
import type { AppContext } from '../context.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import { recordsInScope } from './scope.js';
import { deviceRevoked, endRevokedSession, openDevice } from './device.js';
import { ackRejections, confirmedSent, nextPullGeneration, pendingRejections, pruneSent, recordSent } from './sync.repository.js';

const ORDER = new Map<string, number>(SYNC_ENTITIES.map((e, i) => [e, i]));
const hashOf = (data: unknown) => createHash('sha256').update(JSON.stringify(data)).digest('base64url').slice(0, 22);

/** `g<generation>.p<position>`: the pull generation the device confirms, and the log position seen. */
function parseCursor(cursor: string): number | undefined {
  if (cursor === '') return 0;
  const m = /^g(\d{1,9})\.p\d{1,15}$/.exec(cursor);
  return m ? Number(m[1]) : undefined;
}

/**
 * One page of what changed for this device since the generation its cursor confirms: records that
 * entered or changed in its scope (put) and ones that left it (delete) — a reallocated visit, an
 * expired warning — with no write needed for them to leave. The scope is read in one snapshot.
 */
export async function pull(ctx: AppContext, actor: Actor | undefined, q: z.output<typeof ZPullQuery>): Promise<TPullResponse> {
  const a = requireRole(actor, 'admin', 'office', 'engineer');
  const { database, clock } = ctx;
  const now = clock.now();
  const nowIso = now.toISOString();
  const client = await database.db.transaction().execute((trx) => openDevice(trx, a, q.clientId, nowIso, false)).catch(async (err: unknown) => {
    await endRevokedSession(ctx, a, err);
    throw err;
  });
  if (client.revoked_at) {
    const err = deviceRevoked();
    await endRevokedSession(ctx, a, err);
    throw err;
  }

  const confirmed = parseCursor(q.cursor);
  if (confirmed === undefined || confirmed > client.pull_generation) {
    // A cursor this server never gave (or from before a restore): start again from empty.
    return { cursor: '', hasMore: true, lastMutationId: client.last_mutation_id, changes: [], rejections: [], reset: true };
  }
  await database.db.transaction().execute(async (trx) => {
    if (q.ackRejections !== undefined) await ackRejections(trx, q.clientId, q.ackRejections, nowIso);
    await pruneSent(trx, q.clientId, confirmed);
  });

  const tz = (await findTenantById(database.read, a.tenantId))?.timeZone ?? 'UTC';
  const snapshot = await readSnapshot(ctx, async (db) => ({
    records: await recordsInScope(db, a, now, tz),
    sent: await confirmedSent(db, q.clientId, confirmed),
    rejections: await pendingRejections(db, q.clientId),
    position: await lastPosition(db),
  }));

  const changes: Array<TChange & { hash: string | null }> = [];
  const inScope = new Set<string>();
  for (const r of snapshot.records) {
    const key = `${r.entity}|${r.id}`;
    inScope.add(key);
    const hash = hashOf(r.data);
    if (snapshot.sent.get(key) !== hash) changes.push({ entity: r.entity, id: r.id, op: 'put', data: r.data, hash });
  }
  for (const [key, hash] of snapshot.sent) {
    if (hash === null || inScope.has(key)) continue;
    const [entity, id] = key.split('|') as [TChange['entity'], string];
    changes.push({ entity, id, op: 'delete', data: null, hash: null });
  }
  changes.sort((x, y) => (ORDER.get(x.entity)! - ORDER.get(y.entity)!) || (x.op === y.op ? x.id.localeCompare(y.id) : x.op === 'delete' ? -1 : 1));
  const page = changes.slice(0, SYNC_LIMITS.pullPageSize);
  const generation = await database.db.transaction().execute(async (trx) => {
    const g = await nextPullGeneration(trx, q.clientId, { last_pull_at: nowIso, ...(q.appVersion ? { app_version: q.appVersion } : {}) });
    await recordSent(trx, page.map((c) => ({ tenantId: a.tenantId, clientId: q.clientId, entity: c.entity, id: c.id, generation: g, hash: c.hash })));
    return g;
  });
  return {
    cursor: `g${generation}.p${snapshot.position}`,
    hasMore: changes.length > page.length,
    lastMutationId: client.last_mutation_id,
    changes: page.map(({ entity, id, op, data }) => ({ entity, id, op, data })),
    rejections: snapshot.rejections,
  };
}

/** Runs reads in one snapshot: a read transaction on SQLite's reader, REPEATABLE READ on PostgreSQL. */
async function readSnapshot<T>(ctx: AppContext, fn: (db: AppContext['database']['read']) => Promise<T>): Promise<T> {
  const { database } = ctx;
  if (database.dialect === 'postgres') {
    return database.read.transaction().setIsolationLevel('repeatable read').execute((trx) => fn(trx));
  }
  return database.read.transaction().execute((trx) => fn(trx));
}
