import { useState } from 'react';

/**
 * Full-width and deliberate: signing out on site means signing in again before the next visit.
 * Refused (with the reason) while changes are still waiting to be sent.
 */
export function SignOutButton({ onSignOut }: { onSignOut: () => Promise<string | undefined> }) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  return (
    <>
      {refusal && (
        <p className="alert" role="alert">
          {refusal}
        </p>
      )}
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setRefusal(undefined);
          void onSignOut()
            .then(setRefusal)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
    </>
  );
}
