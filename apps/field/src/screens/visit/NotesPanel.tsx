import { SYNC_LIMITS } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { addJobNote } from '../../actions';
import { formatWhen } from '../../dates';
import type { VisitContext } from '../../view';

/** `locked`: the visit was stopped — its notes are shown, no new ones are taken. */
export function NotesPanel({ ctx, timeZone, locked = false }: { ctx: VisitContext; timeZone: string; locked?: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await addJobNote(ctx.visit.jobId, text.trim());
      setText('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      {!locked && (
        <form className="stack" onSubmit={(e) => void save(e)}>
          <label className="field">
            <span>New note</span>
            <textarea rows={3} maxLength={SYNC_LIMITS.noteChars} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          </label>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy || !text.trim()}>
            Save note
          </button>
        </form>
      )}
      {ctx.notes.length === 0 ? (
        <p className="hint">No notes on this job yet.</p>
      ) : (
        <ul className="notes">
          {ctx.notes.map((n) => (
            <li key={n.id} className="note">
              <p className="note-text">{n.text}</p>
              <p className="note-meta">
                {n.authorName ?? 'Office'} · {formatWhen(n.at, timeZone)}
                {n.unsent && <span className="unsent"> · not sent yet</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
