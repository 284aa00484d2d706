import type { TSessionUser } from '@fieldkeep/domain';
import { uuidv7 } from '@fieldkeep/domain';
import { notifyStoreChange } from './changes';
import { req, store, withTx } from './db';
import { getMetaIn, putMetaIn } from './meta';
import { ENTITY_STORES, type Session } from './schema';

/**
 * Who is signed in on this phone, and the clientId their changes travel under: one per (app
 * install, user) — `${installId}-${userId}` — so a phone shared by two engineers has two.
 */

export const readSession = (): Promise<Session | undefined> => withTx(['meta'], 'readonly', (tx) => getMetaIn(tx, 'session'));

export class OtherUsersChangesError extends Error {
  constructor(readonly ownerName: string, readonly count: number) {
    super(`${count} ${count === 1 ? 'change' : 'changes'} by ${ownerName} are still on this phone. ${ownerName} must sign in here to send them first.`);
    this.name = 'OtherUsersChangesError';
  }
}

/**
 * Keeps a fresh sign-in. Another engineer's unsent changes on this phone are never pushed under
 * the new user, nor thrown away: that sign-in is refused (the caller ends the new session).
 */
export async function saveSignIn(token: string, user: TSessionUser): Promise<Session> {
  const session = await withTx([...ENTITY_STORES, 'outbox', 'acked', 'blobs', 'rejections', 'meta'], 'readwrite', async (tx) => {
    const previous = await getMetaIn(tx, 'session');
    const pending = await req(store(tx, 'outbox').count());
    if (previous && previous.user.id !== user.id) {
      if (pending > 0) throw new OtherUsersChangesError(previous.user.name, pending);
      clearUserData(tx);
    }
    let installId = await getMetaIn(tx, 'installId');
    if (!installId) {
      installId = uuidv7();
      putMetaIn(tx, 'installId', installId);
    }
    const s: Session = { token, user, clientId: `${installId}-${user.id}` };
    putMetaIn(tx, 'session', s);
    return s;
  });
  notifyStoreChange();
  return session;
}

/** Ask the browser not to evict the phone's data under storage pressure. */
export function requestPersistentStorage(): void {
  void navigator.storage?.persist?.().catch(() => false);
}

/** Everything that belongs to the signed-in engineer; the install id and mutation counters stay. */
function clearUserData(tx: IDBTransaction): void {
  for (const name of [...ENTITY_STORES, 'acked', 'blobs', 'rejections'] as const) store(tx, name).clear();
  for (const key of ['session', 'cursor', 'lastSyncedAt', 'shownRejectionsUpTo', 'activeTimer'] as const) store(tx, 'meta').delete(key);
}

export type SignOutCheck = { ok: true } | { ok: false; pending: number; timerRunning: boolean };

/** Signs out on this phone — refused while the outbox still holds changes or an activity is timing. */
export async function clearSessionIfNothingPending(): Promise<SignOutCheck> {
  const result = await withTx([...ENTITY_STORES, 'outbox', 'acked', 'blobs', 'rejections', 'meta'], 'readwrite', async (tx): Promise<SignOutCheck> => {
    const pending = await req(store(tx, 'outbox').count());
    const timerRunning = Boolean(await getMetaIn(tx, 'activeTimer'));
    if (pending > 0 || timerRunning) return { ok: false, pending, timerRunning };
    clearUserData(tx);
    return { ok: true };
  });
  if (result.ok) notifyStoreChange();
  return result;
}

/** The session ended on the server (expired): forget the token, keep every change for the next sign-in. */
export async function dropToken(): Promise<void> {
  await withTx(['meta'], 'readwrite', async (tx) => {
    const s = await getMetaIn(tx, 'session');
    if (s) putMetaIn(tx, 'session', { ...s, token: '' });
  });
  notifyStoreChange();
}

/**
 * The admin revoked this device (401 device_revoked, after it pushed what the server would take):
 * clear all local data, outbox included, and start the next sign-in as a new install.
 */
export async function wipeForRevokedDevice(): Promise<void> {
  await withTx([...ENTITY_STORES, 'outbox', 'acked', 'blobs', 'rejections', 'meta'], 'readwrite', async (tx) => {
    for (const name of [...ENTITY_STORES, 'outbox', 'acked', 'blobs', 'rejections', 'meta'] as const) store(tx, name).clear();
  });
  notifyStoreChange();
}
