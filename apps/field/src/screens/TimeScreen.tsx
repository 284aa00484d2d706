import type { TSessionUser } from '@fieldkeep/domain';
import { useEffect, useId, useState } from 'react';
import { startActivity, stopActivity } from '../actions';
import { BackLink } from '../components/Link';
import { formatDuration, formatTime, isToday } from '../dates';
import type { Snapshot } from '../store/snapshot';

/** Non-productive time: pick an activity, Start, Stop — the stop records one time entry. */
export function TimeScreen({ user, snap }: { user: TSessionUser; snap: Snapshot }) {
  const tz = user.timeZone;
  const types = [...snap.tables.activityType.values()].filter((t) => t.active).sort((a, b) => a.name.localeCompare(b.name));
  const [choice, setChoice] = useState('');
  const selectId = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [, tick] = useState(0);
  const timer = snap.activeTimer;
  useEffect(() => {
    if (!timer) return;
    const t = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, [timer]);
  const nameOf = (id: string) => snap.tables.activityType.get(id)?.name ?? 'Activity';
  const entries = [...snap.tables.timeEntry.values()].filter((e) => isToday(e.startedAt, tz)).sort((a, b) => b.startedAt.localeCompare(a.startedAt));

  const run = (fn: () => Promise<void>) => {
    setError(undefined);
    fn().catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  return (
    <main className="screen">
      <BackLink to={{ name: 'day' }} label="My day" />
      <h1>Non-productive time</h1>
      {timer ? (
        <section className="panel timer" aria-labelledby="timer-heading">
          <h2 id="timer-heading">Running: {nameOf(timer.activityTypeId)}</h2>
          <p>
            Since {formatTime(timer.startedAt, tz)} ({formatDuration(timer.startedAt, new Date().toISOString())})
          </p>
          <label className="field">
            <span>Note (optional)</span>
            <input type="text" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="button" className="button primary" onClick={() => run(() => stopActivity(timer, note.trim()).then(() => setNote('')))}>
            Stop
          </button>
        </section>
      ) : (
        <section className="panel" aria-labelledby="start-heading">
          <h2 id="start-heading">Start an activity</h2>
          <div className="field">
            {/* Not wrapped in its label: a select's options would become part of its name. */}
            <label htmlFor={selectId}>Activity</label>
            <select id={selectId} value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
              <option value="">Choose…</option>
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          {types.length === 0 && <p className="hint">Activity types have not reached this phone yet. Sync when you have signal.</p>}
          <button type="button" className="button primary" disabled={!choice} onClick={() => run(() => startActivity(choice))}>
            Start
          </button>
        </section>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="today-heading">
        <h2 id="today-heading">Today</h2>
        {entries.length === 0 ? (
          <p className="hint">No non-productive time recorded today.</p>
        ) : (
          <ul className="time-entries">
            {entries.map((e) => (
              <li key={e.id}>
                <strong>{nameOf(e.activityTypeId)}</strong> {formatTime(e.startedAt, tz)}–{formatTime(e.endedAt, tz)} ({formatDuration(e.startedAt, e.endedAt)})
                {e.note && <span> — {e.note}</span>}
                {e.unsent && <span className="unsent"> · not sent yet</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
