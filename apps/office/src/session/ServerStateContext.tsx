import type { TServerState } from '@fieldkeep/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';

/** How often every signed-in page asks the server what it is (replica, degraded, superseded). */
export const SERVER_STATE_POLL_MS = 30_000;

interface ServerStateValue {
  /** Undefined until the first answer (or when the server cannot say): pages then act as on a primary. */
  state: TServerState | undefined;
  /** Asks again now (after queueing work, so the count is right; after switching acknowledgement). */
  reload: () => void;
}

const ServerStateContext = createContext<ServerStateValue>({ state: undefined, reload: () => undefined });

/** Polls `GET /api/server/state` for the signed-in layouts; a failed poll keeps what was known. */
export function ServerStateProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<TServerState | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    const poll = () => {
      api.serverState().then(
        (s) => live && setState(s),
        // Unreachable for a moment: the last answer stays on screen; the next poll tries again.
        () => undefined,
      );
    };
    poll();
    const timer = setInterval(poll, SERVER_STATE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const value = useMemo(() => ({ state, reload }), [state, reload]);
  return <ServerStateContext.Provider value={value}>{children}</ServerStateContext.Provider>;
}

export function useServerState(): ServerStateValue {
  return useContext(ServerStateContext);
}

/** True on an office replica: changes are queued for the primary (notes, jobs, job status) or refused. */
export function useIsReplica(): boolean {
  return useServerState().state?.role === 'replica';
}

/** What the office says after queueing work on a replica. */
export const QUEUED_MESSAGE = 'Queued — sent to the primary when it is back (provisional).';
