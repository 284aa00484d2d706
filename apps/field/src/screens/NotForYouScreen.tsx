import type { TSessionUser } from '@fieldkeep/domain';
import { SignOutButton } from './SignOutButton';

const ROLE_NAMES: Record<TSessionUser['role'], string> = {
  admin: 'an admin',
  office: 'an office',
  engineer: 'an engineer',
  client: 'a client',
};

/** Admins, office staff and client users signed in here by mistake: point them to the office app. */
export function NotForYouScreen({ user, onSignOut }: { user: TSessionUser; onSignOut: () => Promise<string | undefined> }) {
  return (
    <main className="screen">
      <h1>This app is for engineers</h1>
      <p className="notice">
        {user.name}, you are signed in with {ROLE_NAMES[user.role]} account. The field app is for engineers on site; your work is in the
        office app.
      </p>
      <a className="button primary" href="/">
        Open the office app
      </a>
      <SignOutButton onSignOut={onSignOut} />
    </main>
  );
}
