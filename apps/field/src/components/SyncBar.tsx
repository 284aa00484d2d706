import { formatWhen } from '../dates';
import { useOnline, useSyncStatus } from '../hooks';
import { syncEngine } from '../sync/engine';

interface Props {
  unsynced: number;
  lastSyncedAt: string | undefined;
  timeZone: string;
}

/**
 * Always on screen: are my changes safe and sent? The count of unsynced changes, when the phone
 * last synced, whether it is offline — all in words, never colour alone — and "Sync now".
 */
export function SyncBar({ unsynced, lastSyncedAt, timeZone }: Props) {
  const online = useOnline();
  const status = useSyncStatus();
  const problem = status.problem;
  return (
    <section className="syncbar" aria-label="Sync status">
      <p className="syncbar-state" role="status" aria-live="polite">
        {!online && <span className="chip chip-offline">✕ Offline</span>}
        <span className={unsynced > 0 ? 'unsynced has-unsynced' : 'unsynced'}>
          {unsynced > 0 ? '⇡ ' : '✓ '}
          {unsynced} unsynced
        </span>
      </p>
      <div className="syncbar-row">
        <p className="syncbar-last">{lastSyncedAt ? `Last synced ${formatWhen(lastSyncedAt, timeZone)}` : 'Not synced yet'}</p>
        <button type="button" className="button small" onClick={() => void syncEngine.syncNow()} disabled={status.running}>
          {status.running ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      {!online && unsynced > 0 && <p className="syncbar-note">Saved on this phone; sent when there is signal.</p>}
      {online && problem && (
        <p className={problem.kind === 'offline' || problem.kind === 'server' ? 'syncbar-note' : 'syncbar-note syncbar-problem'} role="alert">
          {problem.kind === 'needs-update' ? <strong>Needs app update. </strong> : null}
          {problem.message}
        </p>
      )}
    </section>
  );
}
