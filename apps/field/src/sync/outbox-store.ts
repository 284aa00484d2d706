import { SYNC_LIMITS } from '@fieldkeep/domain';
import { notifyStoreChange } from '../store/changes';
import { req, store, withTx } from '../store/db';
import { getMetaIn } from '../store/meta';
import { nextIdKey, type BlobRow, type OutboxRow } from '../store/schema';

/** The outbox as the sync engine sees it: batches out, acknowledgements in. */

const encoder = new TextEncoder();
/** Leave room for the envelope (protocolVersion, clientId, appVersion) under the body limit. */
const BATCH_BYTES = SYNC_LIMITS.pushBodyBytes - 16 * 1024;

/** The oldest mutations, up to the per-push count and body-size limits (always at least one). */
export async function readBatch(): Promise<OutboxRow[]> {
  const rows = await withTx(['outbox'], 'readonly', (tx) => req(store(tx, 'outbox').getAll(null, SYNC_LIMITS.mutationsPerPush)) as Promise<OutboxRow[]>);
  const batch: OutboxRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    bytes += encoder.encode(JSON.stringify({ id: r.id, name: r.name, args: r.args })).length + 1;
    if (batch.length > 0 && bytes > BATCH_BYTES) break;
    batch.push(r);
  }
  return batch;
}

/**
 * The server has durably applied every mutation with id ≤ `lastMutationId`: only now do they leave
 * the outbox. They wait in `acked` (still replayed on screen) until a pull brings their effects back.
 * The per-client counter never falls behind the server's, so a new mutation can never reuse an id.
 */
export async function ackUpTo(clientId: string, lastMutationId: number): Promise<number> {
  const moved = await withTx(['outbox', 'acked', 'meta'], 'readwrite', async (tx) => {
    const done = (await req(store(tx, 'outbox').getAll(IDBKeyRange.upperBound(lastMutationId)))) as OutboxRow[];
    for (const r of done) {
      store(tx, 'acked').put(r);
      store(tx, 'outbox').delete(r.id);
    }
    const key = nextIdKey(clientId);
    const next = ((await req(store(tx, 'meta').get(key))) as number | undefined) ?? 1;
    if (next <= lastMutationId) store(tx, 'meta').put(lastMutationId + 1, key);
    return done.length;
  });
  if (moved > 0) notifyStoreChange();
  return moved;
}

export const outboxCount = (): Promise<number> => withTx(['outbox'], 'readonly', (tx) => req(store(tx, 'outbox').count()));

export const maxAckedId = (): Promise<number> =>
  withTx(['acked'], 'readonly', async (tx) => {
    const cursor = await req(store(tx, 'acked').openKeyCursor(null, 'prev'));
    return cursor ? (cursor.key as number) : 0;
  });

export const readBlob = (sha256: string): Promise<BlobRow | undefined> =>
  withTx(['blobs'], 'readonly', (tx) => req(store(tx, 'blobs').get(sha256)) as Promise<BlobRow | undefined>);

export async function markUploaded(sha256: string): Promise<void> {
  await withTx(['blobs'], 'readwrite', async (tx) => {
    const row = (await req(store(tx, 'blobs').get(sha256))) as BlobRow | undefined;
    if (row && !row.uploadedAt) store(tx, 'blobs').put({ ...row, uploadedAt: new Date().toISOString() });
  });
}

/** The session as the engine needs it, read fresh for each sync. */
export const readSyncSession = () => withTx(['meta'], 'readonly', (tx) => getMetaIn(tx, 'session'));
