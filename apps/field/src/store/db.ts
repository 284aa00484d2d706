import { DB_NAME, DB_VERSION, ENTITY_STORES, type StoreName } from './schema';

/**
 * A thin promise wrapper over IndexedDB. Every read-write transaction is opened with
 * `{durability: 'strict'}`: it completes only once the browser has flushed it to disk, so a change
 * the screen shows survives a tab kill or a power cut.
 */

export function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

let opening: Promise<IDBDatabase> | undefined;

export function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      for (const name of ENTITY_STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath: 'id' });
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('acked')) db.createObjectStore('acked', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs', { keyPath: 'sha256' });
      if (!db.objectStoreNames.contains('rejections')) db.createObjectStore('rejections', { keyPath: 'mutationId' });
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    };
    r.onsuccess = () => {
      const db = r.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    r.onerror = () => {
      opening = undefined;
      reject(r.error ?? new Error('IndexedDB could not be opened'));
    };
    r.onblocked = () => console.warn('Fieldkeep: storage upgrade waits for another open tab to close.');
  });
  return opening;
}

/**
 * Runs `fn` in one transaction and resolves after the transaction has committed (for read-write:
 * durably). `fn` may await IndexedDB requests only — awaiting anything else lets the transaction
 * auto-commit early. If `fn` throws, the transaction is aborted and nothing it wrote is kept.
 */
export async function withTx<T>(stores: readonly StoreName[], mode: IDBTransactionMode, fn: (tx: IDBTransaction) => Promise<T>): Promise<T> {
  const db = await openDb();
  const tx = db.transaction([...stores], mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
  done.catch(() => undefined); // observed below; avoids an unhandled rejection while fn runs
  let result: T;
  try {
    result = await fn(tx);
  } catch (err) {
    try {
      tx.abort();
    } catch {
      // already finished
    }
    throw err;
  }
  await done;
  return result;
}

export const store = (tx: IDBTransaction, name: StoreName): IDBObjectStore => tx.objectStore(name);

export async function getAll<T>(tx: IDBTransaction, name: StoreName): Promise<T[]> {
  return (await req(store(tx, name).getAll())) as T[];
}
