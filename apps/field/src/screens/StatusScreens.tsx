export function CheckingScreen() {
  return (
    <main className="screen" aria-busy="true">
      <h1>Fieldkeep</h1>
      <p className="notice" role="status">
        Opening your day…
      </p>
    </main>
  );
}

/** The phone's storage could not be opened (private mode, storage disabled or full). */
export function StorageErrorScreen({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <main className="screen">
      <h1>Cannot open this phone’s storage</h1>
      <p className="alert" role="alert">
        Fieldkeep keeps your work on the phone so nothing is lost without signal, and the browser refused: {message}
      </p>
      <p>Leave private browsing, free some space, or allow this site to store data — then try again.</p>
      <button type="button" className="button primary" onClick={onRetry}>
        Try again
      </button>
    </main>
  );
}
