import { useEffect } from 'react';
import { Rejections } from './components/Rejections';
import { SyncBar } from './components/SyncBar';
import { useSnapshot } from './hooks';
import { useRoute } from './router';
import { MyDayScreen } from './screens/MyDayScreen';
import { SignatureScreen } from './screens/SignatureScreen';
import { StartOfDayScreen } from './screens/StartOfDayScreen';
import { CheckingScreen } from './screens/StatusScreens';
import { TimeScreen } from './screens/TimeScreen';
import { VisitFormScreen } from './screens/visit/VisitFormScreen';
import { VisitScreen } from './screens/visit/VisitScreen';
import type { Session } from './store/schema';
import { syncEngine } from './sync/engine';

/** The engineer's app: header with the sync strip on every page, then the page. */
export function SignedInApp({ session, onSignOut }: { session: Session; onSignOut: () => Promise<string | undefined> }) {
  const snap = useSnapshot();
  const route = useRoute();
  const user = session.user;

  useEffect(() => {
    syncEngine.start();
    return () => syncEngine.stop();
  }, [session.clientId]);

  if (!snap) return <CheckingScreen />;

  const page = (() => {
    switch (route.name) {
      case 'day':
        return <MyDayScreen user={user} snap={snap} onSignOut={onSignOut} />;
      case 'visit':
        return <VisitScreen user={user} snap={snap} visitId={route.id} />;
      case 'risk':
        return <VisitFormScreen user={user} snap={snap} visitId={route.id} formId={undefined} />;
      case 'visit-form':
        return <VisitFormScreen key={route.formId} user={user} snap={snap} visitId={route.id} formId={route.formId} />;
      case 'signature':
        return <SignatureScreen user={user} snap={snap} visitId={route.id} />;
      case 'start-of-day':
        return <StartOfDayScreen user={user} snap={snap} />;
      case 'time':
        return <TimeScreen user={user} snap={snap} />;
    }
  })();

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Fieldkeep</span>
        <span className="tenant">{user.tenantName}</span>
      </header>
      <SyncBar unsynced={snap.outbox.length} lastSyncedAt={snap.lastSyncedAt} timeZone={user.timeZone} />
      {snap.rejections.length > 0 && (
        <div className="notices">
          <Rejections rejections={snap.rejections} />
        </div>
      )}
      {page}
    </div>
  );
}
