import type { Transaction } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { revokeSession } from '../auth/auth.repository.js';
import type { AppContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { AppError } from '../errors/app-error.js';
import { ensureSyncClient, findSyncClient, sessionHasRevokedDevice, type SyncClientRow } from './sync.repository.js';

export const deviceRevoked = () => new AppError('device_revoked', 'This device has been signed out by an admin. Sign in again if you should still have access.');

/**
 * The device a push or pull speaks for: made on first use and bound to that user and sign-in
 * session. A session that has had a device revoked cannot start a new one under another id.
 */
export async function openDevice(trx: Transaction<DB>, a: Actor, clientId: string, now: string, lock: boolean): Promise<SyncClientRow> {
  const existing = await findSyncClient(trx, clientId, lock);
  if (!existing && (await sessionHasRevokedDevice(trx, a.sessionId))) throw deviceRevoked();
  const client = existing ?? (await ensureSyncClient(trx, { clientId, tenantId: a.tenantId, userId: a.userId, sessionId: a.sessionId, now, lock }));
  if (client.user_id !== a.userId) throw new AppError('forbidden', 'This device id belongs to another user: each user on a shared phone has their own.');
  return client;
}

/** Once a revoked device is told so, its sign-in session ends too (outside the refused transaction). */
export async function endRevokedSession(ctx: AppContext, a: Actor, err: unknown): Promise<void> {
  if (!(err instanceof AppError) || err.code !== 'device_revoked') return;
  await ctx.database.db.transaction().execute((trx) => revokeSession(trx, a.sessionId, ctx.clock.now().toISOString()));
}
