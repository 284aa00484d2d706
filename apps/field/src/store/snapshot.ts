import { getAll, req, store, withTx } from './db';
import { getMetaIn } from './meta';
import { replay, type Tables } from './replay';
import { ENTITY_STORES, type ActiveTimer, type OutboxRow, type RejectionRow, type Session } from './schema';

/** Everything a screen shows, read in one transaction and with pending work replayed on top. */
export interface Snapshot {
  tables: Tables;
  outbox: OutboxRow[];
  rejections: RejectionRow[];
  /** SHA-256s of the photo / signature bytes on this phone. */
  blobKeys: Set<string>;
  session: Session | undefined;
  lastSyncedAt: string | undefined;
  activeTimer: ActiveTimer | undefined;
}

export async function loadSnapshot(): Promise<Snapshot> {
  return withTx([...ENTITY_STORES, 'outbox', 'acked', 'blobs', 'rejections', 'meta'], 'readonly', async (tx) => {
    const entries = await Promise.all(ENTITY_STORES.map(async (e) => [e, new Map((await getAll<{ id: string }>(tx, e)).map((r) => [r.id, r]))] as const));
    const pulled = Object.fromEntries(entries) as unknown as Tables;
    const outbox = await getAll<OutboxRow>(tx, 'outbox');
    const acked = await getAll<OutboxRow>(tx, 'acked');
    const session = await getMetaIn(tx, 'session');
    return {
      tables: replay(pulled, acked, outbox, session?.user.name ?? 'You'),
      outbox,
      rejections: await getAll<RejectionRow>(tx, 'rejections'),
      blobKeys: new Set((await req(store(tx, 'blobs').getAllKeys())) as string[]),
      session,
      lastSyncedAt: await getMetaIn(tx, 'lastSyncedAt'),
      activeTimer: await getMetaIn(tx, 'activeTimer'),
    };
  });
}

export async function loadBlob(sha256: string): Promise<Blob | undefined> {
  const row = await withTx(['blobs'], 'readonly', (tx) => req(store(tx, 'blobs').get(sha256)) as Promise<{ blob: Blob } | undefined>);
  return row?.blob;
}
