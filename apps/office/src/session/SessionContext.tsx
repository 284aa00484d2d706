import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TSessionUser } from '@fieldkeep/domain';
import { api, ApiError, setUnauthenticatedListener } from '../api/client';
import { setDisplayTimeZone } from '../format/dates';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; message: string }
  | { status: 'signed-in'; user: TSessionUser };

interface Session {
  state: SessionState;
  signIn: (login: string, password: string) => Promise<TSessionUser>;
  signOut: () => Promise<void>;
  reload: () => void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    api
      .me()
      .then(({ user }) => live && setState({ status: 'signed-in', user }))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.code === 'unauthenticated') setState({ status: 'signed-out' });
        else setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(() => {
    setUnauthenticatedListener(() => setState({ status: 'signed-out' }));
    return () => setUnauthenticatedListener(undefined);
  }, []);

  const signIn = useCallback(async (login: string, password: string) => {
    const { user } = await api.login(login, password);
    setState({ status: 'signed-in', user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (err) {
      // Already signed out on the server: nothing more to do here.
      if (!(err instanceof ApiError && err.code === 'unauthenticated')) throw err;
    }
    setState({ status: 'signed-out' });
  }, []);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  // Dates follow the tenant's zone from the first render that knows the user.
  if (state.status === 'signed-in') setDisplayTimeZone(state.user.timeZone);

  const value = useMemo(() => ({ state, signIn, signOut, reload }), [state, signIn, signOut, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession must be used inside <SessionProvider>.');
  return s;
}

/** The signed-in user; only for components rendered inside <RequireSession>. */
export function useUser(): TSessionUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser needs a signed-in session.');
  return state.user;
}
