import type { TSessionUser } from '@fieldkeep/domain';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, currentUser, signOut, tokenStore } from './api';
import { CheckingScreen, UnreachableScreen } from './screens/StatusScreens';
import { MyDayScreen } from './screens/MyDayScreen';
import { NotForYouScreen } from './screens/NotForYouScreen';
import { SignInScreen } from './screens/SignInScreen';

type State =
  | { screen: 'checking' }
  | { screen: 'sign-in'; notice?: string }
  | { screen: 'unreachable'; message: string }
  | { screen: 'signed-in'; user: TSessionUser };

export function App() {
  const [state, setState] = useState<State>(() => (tokenStore.get() ? { screen: 'checking' } : { screen: 'sign-in' }));

  const check = useCallback(async () => {
    if (!tokenStore.get()) return setState({ screen: 'sign-in' });
    setState({ screen: 'checking' });
    try {
      setState({ screen: 'signed-in', user: await currentUser() });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthenticated') {
        tokenStore.clear();
        setState({ screen: 'sign-in', notice: 'Your session has ended. Sign in again.' });
      } else {
        setState({ screen: 'unreachable', message: err instanceof Error ? err.message : String(err) });
      }
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  const onSignOut = async () => {
    const confirmed = await signOut();
    setState({
      screen: 'sign-in',
      notice: confirmed ? 'You are signed out.' : 'Signed out on this phone. Fieldkeep could not be reached to end the session there.',
    });
  };

  switch (state.screen) {
    case 'checking':
      return <CheckingScreen />;
    case 'unreachable':
      return <UnreachableScreen message={state.message} onRetry={() => void check()} onSignOut={() => void onSignOut()} />;
    case 'sign-in':
      return <SignInScreen notice={state.notice} onSignedIn={(user) => setState({ screen: 'signed-in', user })} />;
    case 'signed-in':
      return state.user.role === 'engineer' ? (
        <MyDayScreen user={state.user} onSignOut={onSignOut} />
      ) : (
        <NotForYouScreen user={state.user} onSignOut={onSignOut} />
      );
  }
}
