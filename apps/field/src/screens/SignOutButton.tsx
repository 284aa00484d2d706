import { useState } from 'react';

/** Full-width and deliberate: signing out on site means signing in again before the next visit. */
export function SignOutButton({ onSignOut }: { onSignOut: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button secondary"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void onSignOut().finally(() => setBusy(false));
      }}
    >
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
