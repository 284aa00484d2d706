import { MUTATION_ARGS, type TMutationArgs, type TMutationName } from '@fieldkeep/domain';
import { notifyStoreChange } from './changes';
import { req, store, withTx } from './db';
import { getMetaIn, putMetaIn } from './meta';
import { nextIdKey, type ActiveTimer, type BlobRow, type OutboxRow } from './schema';

/** A change the engineer makes, as a v1 mutation (checked against the domain's schema before it is kept). */
export type NewMutation = { [N in TMutationName]: { name: N; args: TMutationArgs<N> } }[TMutationName];

export interface LocalChangeExtras {
  /** Photo / signature bytes named by an attachment.add in the same change. */
  blobs?: BlobRow[];
  /** The non-productive-time timer: set when started, cleared (null) when its time entry is written. */
  activeTimer?: ActiveTimer | null;
}

export class NotSignedInError extends Error {
  constructor() {
    super('Sign in first: changes are kept for the engineer who is signed in.');
    this.name = 'NotSignedInError';
  }
}

/**
 * Records one change made on the phone: its outbox rows, under the next gap-free mutation ids of
 * this clientId, and whatever the change keeps locally (photo bytes, the timer) — all in ONE strict
 * transaction, so either the whole change is on disk or none of it is.
 */
export async function recordChange(mutations: NewMutation[], extras: LocalChangeExtras = {}): Promise<number[]> {
  // Validate first: a mutation the server would reject for its shape is a bug here, not the engineer's.
  const parsed = mutations.map((m) => ({ name: m.name, args: MUTATION_ARGS[m.name].parse(m.args) }));
  const now = new Date().toISOString();
  const ids = await withTx(['outbox', 'blobs', 'meta'], 'readwrite', async (tx) => {
    const session = await getMetaIn(tx, 'session');
    if (!session) throw new NotSignedInError();
    const key = nextIdKey(session.clientId);
    let next = ((await req(store(tx, 'meta').get(key))) as number | undefined) ?? 1;
    const written: number[] = [];
    for (const m of parsed) {
      const row: OutboxRow = { id: next, name: m.name, args: m.args, createdAt: now };
      store(tx, 'outbox').add(row); // add, not put: an id is never reused
      written.push(next++);
    }
    store(tx, 'meta').put(next, key);
    for (const b of extras.blobs ?? []) store(tx, 'blobs').put(b);
    if (extras.activeTimer === null) store(tx, 'meta').delete('activeTimer');
    else if (extras.activeTimer) putMetaIn(tx, 'activeTimer', extras.activeTimer);
    return written;
  });
  notifyStoreChange();
  return ids;
}

/** Starting the timer is local only: nothing is sent until it stops and becomes a time entry. */
export async function startTimer(timer: ActiveTimer): Promise<void> {
  await withTx(['meta'], 'readwrite', async (tx) => putMetaIn(tx, 'activeTimer', timer));
  notifyStoreChange();
}
