import { dropToken, wipeForRevokedDevice } from '../store/session';
import { HttpError, NetworkError } from './http';
import { readSyncSession } from './outbox-store';
import { pullAll } from './pull';
import { dropPulledData } from './pull-store';
import { pushOutbox, type PushOutcome } from './push';

/**
 * When and how the phone syncs: on start, when the browser comes back online, every 60 s, and when
 * the engineer taps "Sync now". One sync at a time (across tabs too, with a Web Lock): push the
 * outbox, then pull until nothing is left. After a failure the next try comes sooner than the
 * interval, backing off 2 s, 4 s, 8 s … up to 60 s.
 */

export type SyncProblem = { kind: 'offline' | 'server' | 'needs-update' | 'stuck' | 'error'; message: string };
export type AuthLoss = { code: 'device_revoked' | 'unauthenticated'; message: string };

export interface SyncStatus {
  running: boolean;
  problem: SyncProblem | null;
  /** When the next automatic try is due after a failure. */
  retryAt: number | null;
}

const INTERVAL_MS = 60_000;
const SOON_MS = 2_000;
const LOCK = 'fieldkeep-field-sync';

class SyncEngine {
  private status: SyncStatus = { running: false, problem: null, retryAt: null };
  private listeners = new Set<() => void>();
  private authListeners = new Set<(loss: AuthLoss) => void>();
  private current: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private timers: number[] = [];
  private retryTimer: number | undefined;
  private soonTimer: number | undefined;
  private readonly onOnline = () => {
    this.failures = 0;
    void this.syncNow();
  };

  readonly subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
  readonly getStatus = () => this.status;

  onAuthLost(l: (loss: AuthLoss) => void): () => void {
    this.authListeners.add(l);
    return () => void this.authListeners.delete(l);
  }

  start(): void {
    this.stop();
    window.addEventListener('online', this.onOnline);
    this.timers.push(window.setInterval(() => void this.syncNow(), INTERVAL_MS));
    void this.syncNow();
  }

  stop(): void {
    window.removeEventListener('online', this.onOnline);
    this.timers.forEach((t) => clearInterval(t));
    this.timers = [];
    clearTimeout(this.retryTimer);
    clearTimeout(this.soonTimer);
  }

  /** After a local change: sync shortly (a burst of taps becomes one push), if the phone thinks it is online. */
  soon(): void {
    clearTimeout(this.soonTimer);
    if (!navigator.onLine || this.timers.length === 0) return;
    this.soonTimer = window.setTimeout(() => void this.syncNow(), SOON_MS);
  }

  /** Starts a sync, or — if one is running — makes sure another follows it. Resolves when done. */
  syncNow(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      try {
        do {
          this.again = false;
          await this.exclusive(() => this.runOnce());
        } while (this.again);
      } finally {
        this.current = null;
      }
    })();
    return this.current;
  }

  private exclusive(fn: () => Promise<void>): Promise<void> {
    return navigator.locks ? navigator.locks.request(LOCK, fn) : fn();
  }

  private set(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.listeners.forEach((l) => l());
  }

  private async runOnce(): Promise<void> {
    const session = await readSyncSession();
    if (!session?.token) return;
    clearTimeout(this.retryTimer);
    this.set({ running: true, retryAt: null });
    try {
      let push = await pushOutbox(session);
      if (push.kind === 'auth') return await this.authLost(push);
      let pull = await pullAll(session);
      if (pull.kind === 'reset') {
        // The server cannot continue from our cursor: push first, then start again from nothing.
        push = await pushOutbox(session);
        if (push.kind === 'auth') return await this.authLost(push);
        await dropPulledData();
        pull = await pullAll(session);
        if (pull.kind === 'reset') throw new Error('The server asked to start over twice in a row.');
      }
      this.failures = 0;
      this.set({ problem: push.kind === 'needs-update' || push.kind === 'stuck' ? { kind: push.kind, message: push.message } : null });
    } catch (err) {
      if (err instanceof HttpError && (err.code === 'device_revoked' || err.code === 'unauthenticated')) {
        // A revoked device may still send what it holds: try once more before its data is cleared.
        if (err.code === 'device_revoked') await pushOutbox(session).catch(() => undefined);
        return await this.authLost({ kind: 'auth', code: err.code, message: err.message });
      }
      this.set({ problem: describe(err) });
      this.scheduleRetry();
    } finally {
      this.set({ running: false });
    }
  }

  private scheduleRetry(): void {
    this.failures++;
    const delay = Math.min(INTERVAL_MS, 2000 * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
    this.retryTimer = window.setTimeout(() => void this.syncNow(), delay);
    this.set({ retryAt: Date.now() + delay });
  }

  private async authLost(push: Extract<PushOutcome, { kind: 'auth' }>): Promise<void> {
    if (push.code === 'device_revoked') await wipeForRevokedDevice();
    else await dropToken();
    this.set({ problem: null });
    this.authListeners.forEach((l) => l({ code: push.code, message: push.message }));
  }
}

function describe(err: unknown): SyncProblem {
  if (err instanceof NetworkError) return { kind: 'offline', message: 'No connection to Fieldkeep. Your changes are safe on this phone.' };
  if (err instanceof HttpError) {
    if (err.code === 'replica_unavailable') return { kind: 'server', message: 'Fieldkeep is busy making your changes safe. Trying again shortly.' };
    if (err.transient) return { kind: 'server', message: `Fieldkeep could not answer (${err.status}). Trying again shortly.` };
    return { kind: 'error', message: err.message };
  }
  // zod is the domain's dependency, not this app's: recognise its error by name.
  if (err instanceof Error && err.name === 'ZodError') return { kind: 'error', message: 'Fieldkeep sent an answer this app does not understand. Your changes are safe; the app may need an update.' };
  return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
}

export const syncEngine = new SyncEngine();
