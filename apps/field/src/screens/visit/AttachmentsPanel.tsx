import type { TSyncAttachment } from '@fieldkeep/domain';
import { useState, type ChangeEvent } from 'react';
import { addAttachment } from '../../actions';
import { Link } from '../../components/Link';
import { formatWhen } from '../../dates';
import { useBlobUrl } from '../../hooks';
import { downscalePhoto } from '../../media/images';
import type { Local } from '../../store/replay';
import type { VisitContext } from '../../view';

interface Props {
  ctx: VisitContext;
  timeZone: string;
  blobKeys: Set<string>;
  /** The visit was stopped: what was captured is shown, nothing new is taken. */
  locked?: boolean;
}

/** Photos from the camera (downscaled before they are kept) and captured signatures. */
export function AttachmentsPanel({ ctx, timeZone, blobKeys, locked = false }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const onPhoto = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      for (const f of files) await addAttachment({ jobId: ctx.visit.jobId, visitId: ctx.visit.id, kind: 'photo', blob: await downscalePhoto(f) });
    } catch (err) {
      setError(`The photo was not kept: ${err instanceof Error ? err.message : String(err)}. Try taking it again.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="photos-heading">
      <h2 id="photos-heading">Photos and signatures</h2>
      {!locked && (
        <>
          <label className={`button primary file-button${busy ? ' is-busy' : ''}`}>
            <span>{busy ? 'Saving photo…' : 'Take a photo'}</span>
            <input className="visually-hidden" type="file" accept="image/*" capture="environment" disabled={busy} onChange={(e) => void onPhoto(e)} />
          </label>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <Link to={{ name: 'signature', id: ctx.visit.id }} className="button secondary">
            Capture signature
          </Link>
        </>
      )}
      {ctx.attachments.length === 0 ? (
        <p className="hint">No photos or signatures yet.</p>
      ) : (
        <ul className="attachments">
          {ctx.attachments.map((a) => (
            <AttachmentItem key={a.id} a={a} timeZone={timeZone} local={blobKeys.has(a.sha256)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AttachmentItem({ a, timeZone, local }: { a: Local<TSyncAttachment>; timeZone: string; local: boolean }) {
  const url = useBlobUrl(a.sha256, local);
  const what = a.kind === 'signature' ? 'Signature' : a.kind === 'photo' ? 'Photo' : 'Document';
  const label = `${what} ${formatWhen(a.at, timeZone)}`;
  return (
    <li className={`attachment attachment-${a.kind}`}>
      {url ? <img src={url} alt={label} /> : <span className="attachment-placeholder">{what}</span>}
      <span className="attachment-meta">
        {label}
        {a.unsent ? <span className="unsent"> · not sent yet</span> : !local && <span> · kept at the office</span>}
      </span>
    </li>
  );
}
