import { useEffect } from 'react';
import type { RejectionRow } from '../store/schema';
import { dismissRejections, markRejectionsShown } from '../sync/pull-store';

const WHAT: Record<string, string> = {
  'visit.setStatus': 'Visit status change',
  'jobNote.add': 'Note',
  'attachment.add': 'Photo or signature',
  'timeEntry.add': 'Non-productive time',
  'formSubmission.submit': 'Form',
};

/**
 * Changes the server kept but did not apply (a rule or permission said no). Nothing is lost — the
 * office sees the full change and can repair it — but the engineer must know. Once shown, their
 * ids are acknowledged on the next pull.
 */
export function Rejections({ rejections }: { rejections: RejectionRow[] }) {
  const unseen = rejections.filter((r) => !r.shown).map((r) => r.mutationId);
  const key = unseen.join(',');
  useEffect(() => {
    if (key) void markRejectionsShown(key.split(',').map(Number));
  }, [key]);
  if (rejections.length === 0) return null;
  return (
    <section className="alert rejections" aria-labelledby="rejections-heading">
      <h2 id="rejections-heading">Not accepted by the office</h2>
      <ul>
        {[...rejections]
          .sort((a, b) => a.mutationId - b.mutationId)
          .map((r) => (
            <li key={r.mutationId}>
              Not accepted by the office: {WHAT[r.name] ?? r.name} — {r.message}
            </li>
          ))}
      </ul>
      <p>The office has the full details and will sort it out.</p>
      <button type="button" className="button secondary" onClick={() => void dismissRejections()}>
        OK, I have read this
      </button>
    </section>
  );
}
