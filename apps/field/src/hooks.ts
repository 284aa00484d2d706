import { useEffect, useState, useSyncExternalStore } from 'react';
import { onStoreChange } from './store/changes';
import { loadBlob, loadSnapshot, type Snapshot } from './store/snapshot';
import { syncEngine, type SyncStatus } from './sync/engine';

/** The phone's data as the screens show it, reloaded whenever the store changes. */
export function useSnapshot(): Snapshot | undefined {
  const [snap, setSnap] = useState<Snapshot>();
  useEffect(() => {
    let live = true;
    let queued = false;
    let loading = false;
    const load = async () => {
      if (loading) {
        queued = true;
        return;
      }
      loading = true;
      try {
        do {
          queued = false;
          const s = await loadSnapshot();
          if (live) setSnap(s);
        } while (queued && live);
      } catch (err) {
        console.error('Fieldkeep: the phone’s data could not be read', err);
      } finally {
        loading = false;
      }
    };
    void load();
    const off = onStoreChange(() => void load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return snap;
}

export const useSyncStatus = (): SyncStatus => useSyncExternalStore(syncEngine.subscribe, syncEngine.getStatus);

export function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
  );
}

/** An object URL for photo / signature bytes kept on the phone (revoked when no longer shown). */
export function useBlobUrl(sha256: string, present: boolean): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!present) return;
    let created: string | undefined;
    let live = true;
    void loadBlob(sha256).then((b) => {
      if (!b || !live) return;
      created = URL.createObjectURL(b);
      setUrl(created);
    });
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [sha256, present]);
  return present ? url : undefined;
}
