import type { TPushRequest, TPushResponse } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { lastPosition } from '../changelog/changelog.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { AppError } from '../errors/app-error.js';
import { BatchContext, isDuplicateId, isKnownMutation, prepareMutation, Rejection } from './mutations.js';
import { deviceRevoked, endRevokedSession, openDevice } from './device.js';
import { insertRejection, updateSyncClient } from './sync.repository.js';

/** A database refusal that will be the same on every retry (a constraint), as opposed to a fault. */
function isPermanentDbError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) || (typeof code === 'string' && /^23\d{3}$/.test(code));
}

/**
 * Applies a batch (DESIGN.md "Sync protocol v1"). One transaction: each new mutation in a savepoint;
 * the device's counter moves in the same transaction as the effects. Already-applied ids are
 * skipped; a gap answers out_of_order; a refused mutation becomes a rejection kept whole; an unknown
 * name stops the batch there (422) and stays on the phone; a fault rolls everything back (5xx).
 */
export async function push(ctx: AppContext, actor: Actor | undefined, req: TPushRequest): Promise<TPushResponse> {
  const a = requireRole(actor, 'admin', 'office', 'engineer');
  const ids = req.mutations.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new AppError('validation_failed', 'A mutation id appears twice in this batch.');
  const mutations = [...req.mutations].sort((x, y) => x.id - y.id);
  try {
    const { value, position } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
      const client = await openDevice(tx.trx, a, req.clientId, tx.now, true);
      let last = client.last_mutation_id;
      const pending = mutations.filter((m) => m.id > last);
      // A revoked device may still deliver what it holds; once it has nothing new, it is told.
      if (client.revoked_at && pending.length === 0) throw deviceRevoked();
      pending.forEach((m, i) => {
        if (m.id !== client.last_mutation_id + 1 + i) {
          throw new AppError('out_of_order', `Mutation ${client.last_mutation_id + 1} comes next; this batch skips to ${m.id}.`, { extra: { lastMutationId: client.last_mutation_id } });
        }
      });
      let unsupported: { id: number; name: string } | undefined;
      const batch = new BatchContext(tx, a);
      for (const m of pending) {
        if (!isKnownMutation(m.name)) {
          unsupported = { id: m.id, name: m.name };
          break;
        }
        try {
          await tx.savepoint(async () => {
            const apply = await prepareMutation(batch, m.name as never, m.args);
            await apply();
          });
        } catch (err) {
          if (!(err instanceof Rejection) && !isPermanentDbError(err)) throw err;
          const r =
            err instanceof Rejection
              ? err
              : isDuplicateId(err)
                ? new Rejection('duplicate_id', 'A record with this id exists already.')
                : new Rejection('server_refused', `The server could not store this: ${(err as Error).message}`);
          await insertRejection(tx.trx, { tenantId: a.tenantId, clientId: req.clientId, mutationId: m.id, name: m.name, code: r.code, message: r.message, args: m.args, at: tx.now });
        }
        last = m.id;
      }
      await updateSyncClient(tx.trx, req.clientId, {
        last_mutation_id: last,
        last_push_at: tx.now,
        ...(req.appVersion ? { app_version: req.appVersion } : {}),
        ...(unsupported ? { last_error: `unsupported mutation ${unsupported.name} (needs a newer server)`, last_error_at: tx.now } : {}),
      });
      return { last, unsupported };
    });
    if (value.unsupported) {
      throw new AppError('unsupported_mutation', `This server does not know "${value.unsupported.name}" yet: the phone keeps it until the server is updated.`, {
        extra: { lastMutationId: value.last, mutationId: value.unsupported.id },
      });
    }
    // The position at which this batch's effects (or, for a batch of repeats, everything so far) are visible.
    const cursor = `p${position ?? (await lastPosition(ctx.database.db))}`;
    return { lastMutationId: value.last, cursor };
  } catch (err) {
    await noteError(ctx, req.clientId, a, err);
    await endRevokedSession(ctx, a, err);
    throw err;
  }
}

/** Keeps the device's last error for the status page (best effort, outside the failed transaction). */
async function noteError(ctx: AppContext, clientId: string, a: Actor, err: unknown): Promise<void> {
  // Not for these: the write did not fail here (or another write now would fail the same way).
  if (err instanceof AppError && (err.code === 'unsupported_mutation' || err.code === 'replica_unavailable' || err.code === 'storage_full')) return;
  const message = err instanceof AppError ? `${err.code}: ${err.message}` : `server error: ${(err as Error).message}`;
  try {
    await ctx.database.db
      .updateTable('sync_clients')
      .set({ last_error: message.slice(0, 500), last_error_at: ctx.clock.now().toISOString() })
      .where('client_id', '=', clientId)
      .where('tenant_id', '=', a.tenantId)
      .execute();
  } catch (e) {
    ctx.log.warn({ err: e }, 'could not record a device error');
  }
}
