import { req, store, withTx } from './db';
import type { MetaKey, MetaValues } from './schema';

/** Typed access to the `meta` store, inside a caller's transaction or on its own. */
export async function getMetaIn<K extends MetaKey>(tx: IDBTransaction, key: K): Promise<MetaValues[K] | undefined> {
  return (await req(store(tx, 'meta').get(key))) as MetaValues[K] | undefined;
}

export function putMetaIn<K extends MetaKey>(tx: IDBTransaction, key: K, value: MetaValues[K]): void {
  store(tx, 'meta').put(value, key);
}

export function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  return withTx(['meta'], 'readonly', (tx) => getMetaIn(tx, key));
}

export function putMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  return withTx(['meta'], 'readwrite', async (tx) => putMetaIn(tx, key, value));
}
