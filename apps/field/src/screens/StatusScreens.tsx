export function CheckingScreen() {
  return (
    <main className="screen" aria-busy="true">
      <h1>Fieldkeep</h1>
      <p className="notice" role="status">
        Checking your sign-in…
      </p>
    </main>
  );
}

interface UnreachableProps {
  message: string;
  onRetry: () => void;
  onSignOut: () => void;
}

/** Signed in earlier, but the server cannot confirm it now (no signal, server down). */
export function UnreachableScreen({ message, onRetry, onSignOut }: UnreachableProps) {
  return (
    <main className="screen">
      <h1>Cannot reach Fieldkeep</h1>
      <p className="alert" role="alert">
        {message}
      </p>
      <button type="button" className="button primary" onClick={onRetry}>
        Try again
      </button>
      <button type="button" className="button secondary" onClick={onSignOut}>
        Sign out
      </button>
    </main>
  );
}
