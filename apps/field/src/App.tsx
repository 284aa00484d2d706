import { useCallback, useEffect, useState } from 'react';
import { signOut, tokenStore } from './api';
import { SignedInApp } from './SignedInApp';
import { CheckingScreen, StorageErrorScreen } from './screens/StatusScreens';
import { NotForYouScreen } from './screens/NotForYouScreen';
import { SignInScreen } from './screens/SignInScreen';
import type { Session } from './store/schema';
import { clearSessionIfNothingPending, OtherUsersChangesError, readSession, requestPersistentStorage, saveSignIn } from './store/session';
import { syncEngine } from './sync/engine';

type State =
  | { screen: 'loading' }
  | { screen: 'storage-error'; message: string }
  | { screen: 'sign-in'; notice?: string }
  | { screen: 'signed-in'; session: Session };

const SESSION_ENDED = 'Your session has ended. Sign in again — your changes are kept on this phone and sent after you sign in.';

/**
 * Signed in = a session in the phone's IndexedDB. The app opens straight into it, with or without
 * network; the server's opinion of the token arrives with the next sync (401 → sign in again).
 */
export function App() {
  const [state, setState] = useState<State>({ screen: 'loading' });

  const load = useCallback(async () => {
    try {
      const session = await readSession();
      tokenStore.set(session?.token ?? null);
      if (session?.token) setState({ screen: 'signed-in', session });
      else setState({ screen: 'sign-in', notice: session ? SESSION_ENDED : undefined });
    } catch (err) {
      setState({ screen: 'storage-error', message: err instanceof Error ? err.message : String(err) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () =>
      syncEngine.onAuthLost((loss) => {
        tokenStore.set(null);
        setState({
          screen: 'sign-in',
          notice: loss.code === 'device_revoked' ? 'Your admin removed this phone from Fieldkeep, so its data has been cleared. Sign in to start again.' : SESSION_ENDED,
        });
      }),
    [],
  );

  const onSignedIn = async (token: string, user: Session['user']) => {
    let session: Session;
    try {
      session = await saveSignIn(token, user);
    } catch (err) {
      if (err instanceof OtherUsersChangesError) {
        tokenStore.set(token);
        await signOut();
      }
      throw err;
    }
    tokenStore.set(token);
    requestPersistentStorage();
    setState({ screen: 'signed-in', session });
  };

  const onSignOut = async (): Promise<string | undefined> => {
    const check = await clearSessionIfNothingPending();
    if (!check.ok) {
      if (check.pending > 0) return `${check.pending} ${check.pending === 1 ? 'change' : 'changes'} not yet sent — connect to send them first.`;
      return 'Non-productive time is still running — stop it first, so it is kept.';
    }
    syncEngine.stop();
    const confirmed = await signOut();
    setState({
      screen: 'sign-in',
      notice: confirmed ? 'You are signed out.' : 'Signed out on this phone. Fieldkeep could not be reached to end the session there.',
    });
    return undefined;
  };

  switch (state.screen) {
    case 'loading':
      return <CheckingScreen />;
    case 'storage-error':
      return <StorageErrorScreen message={state.message} onRetry={() => void load()} />;
    case 'sign-in':
      return <SignInScreen notice={state.notice} onSignedIn={onSignedIn} />;
    case 'signed-in':
      return state.session.user.role === 'engineer' ? (
        <SignedInApp session={state.session} onSignOut={onSignOut} />
      ) : (
        <NotForYouScreen user={state.session.user} onSignOut={onSignOut} />
      );
  }
}
