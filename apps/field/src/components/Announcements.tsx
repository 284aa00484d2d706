import type { TAnnouncement } from '@fieldkeep/domain';
import { useEffect, useState } from 'react';
import { tokenStore } from '../api';
import { formatWhen } from '../dates';

/**
 * Announcements from the office ("what's new") on the home screen, each until the engineer taps
 * "Got it". They need a connection: they are fetched when the screen opens and the phone is online,
 * and are not kept on the phone (an engineer who is offline all day sees them at the next signal).
 */
export function Announcements({ timeZone }: { timeZone: string }) {
  const [items, setItems] = useState<TAnnouncement[]>([]);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = async () => {
      const token = tokenStore.get();
      if (!token || !navigator.onLine) return;
      try {
        const res = await fetch('/api/announcements', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(15_000) });
        if (!res.ok) return;
        const data = (await res.json()) as { announcements: TAnnouncement[] };
        if (live) setItems(data.announcements);
      } catch {
        // No signal: nothing to show now; they come with the next connection.
      }
    };
    const onOnline = () => void load();
    onOnline();
    window.addEventListener('online', onOnline);
    return () => {
      live = false;
      window.removeEventListener('online', onOnline);
    };
  }, []);

  const dismiss = async (id: string) => {
    const token = tokenStore.get();
    setFailed(null);
    try {
      const res = await fetch(`/api/announcements/${encodeURIComponent(id)}/seen`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
        credentials: 'omit',
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok && res.status !== 404) throw new Error(String(res.status));
      setItems((list) => list.filter((a) => a.id !== id));
    } catch {
      setFailed('Could not reach the office to mark it read: it stays here until you have signal.');
    }
  };

  if (items.length === 0) return null;
  return (
    <section className="notice announcements" aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">From the office</h2>
      <div className="stack">
        {items.map((a) => (
          <article key={a.id} aria-label={a.title}>
            <h3 style={{ margin: '0 0 4px', fontSize: '1.05rem' }}>{a.title}</h3>
            <p style={{ whiteSpace: 'pre-wrap' }}>{a.body}</p>
            <p className="hint">
              {a.createdByName ?? 'The office'}, {formatWhen(a.createdAt, timeZone)}
            </p>
            <button type="button" className="button secondary" onClick={() => void dismiss(a.id)} aria-label={`Got it: ${a.title}`}>
              Got it
            </button>
          </article>
        ))}
      </div>
      {failed && (
        <p role="alert" style={{ marginTop: 8 }}>
          {failed}
        </p>
      )}
    </section>
  );
}
