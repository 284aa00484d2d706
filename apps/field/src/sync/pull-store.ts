import type { TPullResponse } from '@fieldkeep/domain';
import { notifyStoreChange } from '../store/changes';
import { req, store, withTx } from '../store/db';
import { getMetaIn, putMetaIn } from '../store/meta';
import { blobsNamedBy } from './blob-refs';
import { ENTITY_STORES, type BlobRow, type OutboxRow, type RejectionRow } from '../store/schema';

/** Writes pulled pages: each page, its cursor and its rejections in one transaction. */

const BLOB_KEEP_MS = 24 * 60 * 60 * 1000;

const isEntityStore = (name: string): name is (typeof ENTITY_STORES)[number] => (ENTITY_STORES as readonly string[]).includes(name);

export async function readPullState(): Promise<{ cursor: string; ackRejections: number | undefined }> {
  return withTx(['meta'], 'readonly', async (tx) => ({
    cursor: (await getMetaIn(tx, 'cursor')) ?? '',
    ackRejections: await getMetaIn(tx, 'shownRejectionsUpTo'),
  }));
}

/**
 * Applies one page (put = upsert, delete = remove). On the last page, the acknowledged mutations
 * up to `ackedUpTo` are dropped from `acked`: this pull started after their push was answered, so
 * their effects (or their rejection) are now in the pulled data. Uploaded photo bytes no longer
 * named by any pending mutation are let go after a day.
 */
export async function applyPage(page: TPullResponse, last: boolean, ackedUpTo: number): Promise<void> {
  await withTx([...ENTITY_STORES, 'acked', 'outbox', 'blobs', 'rejections', 'meta'], 'readwrite', async (tx) => {
    for (const c of page.changes) {
      // A newer server may send kinds of record this app does not know yet: leave them out.
      if (!isEntityStore(c.entity)) continue;
      const s = store(tx, c.entity);
      if (c.op === 'delete') s.delete(c.id);
      else s.put({ ...(c.data ?? {}), id: c.id });
    }
    const shownUpTo = (await getMetaIn(tx, 'shownRejectionsUpTo')) ?? 0;
    for (const r of page.rejections) {
      const known = (await req(store(tx, 'rejections').get(r.mutationId))) as RejectionRow | undefined;
      if (!known) store(tx, 'rejections').put({ ...r, shown: r.mutationId <= shownUpTo });
    }
    putMetaIn(tx, 'cursor', page.cursor);
    if (!last) return;
    if (ackedUpTo > 0) store(tx, 'acked').delete(IDBKeyRange.upperBound(ackedUpTo));
    putMetaIn(tx, 'lastSyncedAt', new Date().toISOString());
    await releaseBlobs(tx);
  });
  notifyStoreChange();
}

async function releaseBlobs(tx: IDBTransaction): Promise<void> {
  const pending = [...((await req(store(tx, 'outbox').getAll())) as OutboxRow[]), ...((await req(store(tx, 'acked').getAll())) as OutboxRow[])];
  const needed = new Set(pending.flatMap(blobsNamedBy));
  const cutoff = Date.now() - BLOB_KEEP_MS;
  for (const b of (await req(store(tx, 'blobs').getAll())) as BlobRow[]) {
    if (b.uploadedAt && !needed.has(b.sha256) && Date.parse(b.createdAt) < cutoff) store(tx, 'blobs').delete(b.sha256);
  }
}

/** `reset: true`: drop everything pulled and start again from an empty cursor (the outbox stays). */
export async function dropPulledData(): Promise<void> {
  await withTx([...ENTITY_STORES, 'meta'], 'readwrite', async (tx) => {
    for (const e of ENTITY_STORES) store(tx, e).clear();
    store(tx, 'meta').delete('cursor');
  });
  notifyStoreChange();
}

/** The engineer has seen these rejections: the next pull acknowledges them. */
export async function markRejectionsShown(ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await withTx(['rejections', 'meta'], 'readwrite', async (tx) => {
    for (const id of ids) {
      const r = (await req(store(tx, 'rejections').get(id))) as RejectionRow | undefined;
      if (r && !r.shown) store(tx, 'rejections').put({ ...r, shown: true });
    }
    const upTo = Math.max((await getMetaIn(tx, 'shownRejectionsUpTo')) ?? 0, ...ids);
    putMetaIn(tx, 'shownRejectionsUpTo', upTo);
  });
}

export async function dismissRejections(): Promise<void> {
  await withTx(['rejections'], 'readwrite', async (tx) => {
    for (const r of (await req(store(tx, 'rejections').getAll())) as RejectionRow[]) if (r.shown) store(tx, 'rejections').delete(r.mutationId);
  });
  notifyStoreChange();
}
