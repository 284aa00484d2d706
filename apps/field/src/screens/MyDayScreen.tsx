import type { TSessionUser } from '@fieldkeep/domain';
import { formatDay } from '../dates';
import { SignOutButton } from './SignOutButton';

interface Props {
  user: TSessionUser;
  onSignOut: () => Promise<void>;
}

/** The engineer's day: their visits, in order. Visits arrive with the jobs and dispatch release. */
export function MyDayScreen({ user, onSignOut }: Props) {
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Fieldkeep</span>
        <span className="tenant">{user.tenantName}</span>
      </header>
      <main className="screen">
        <h1>My day</h1>
        <p className="who">
          <span className="name">{user.name}</span>
          <span className="today">{formatDay(new Date())}</span>
        </p>
        <section className="empty" aria-labelledby="visits-heading">
          <h2 id="visits-heading">Visits</h2>
          <p>No visits yet — your jobs will appear here once they are allocated.</p>
        </section>
        <SignOutButton onSignOut={onSignOut} />
      </main>
    </div>
  );
}
