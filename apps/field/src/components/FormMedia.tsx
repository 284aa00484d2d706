import type { TMediaControl } from '@fieldkeep/forms-ui';
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { downscalePhoto, sha256Hex } from '../media/images';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';

/**
 * The phone's photo and signature inputs for the shared form renderer. Pictures are downscaled as
 * attachment photos are, named by their SHA-256 (the answer), and held here until the form is
 * submitted — then they are written with the submission in one transaction (actions.submitForm)
 * and uploaded before it is pushed.
 */
export interface FormMedia {
  blobs: ReadonlyMap<string, Blob>;
  add: (blob: Blob) => Promise<string>;
  url: (sha: string) => string | undefined;
}

export function useFormMedia(): FormMedia {
  const [blobs, setBlobs] = useState<ReadonlyMap<string, Blob>>(new Map());
  const urls = useRef(new Map<string, string>());
  useEffect(() => {
    const held = urls.current;
    return () => {
      for (const u of held.values()) URL.revokeObjectURL(u);
      held.clear();
    };
  }, []);
  const add = useCallback(async (blob: Blob) => {
    const sha = await sha256Hex(blob);
    if (!urls.current.has(sha)) urls.current.set(sha, URL.createObjectURL(blob));
    setBlobs((m) => new Map(m).set(sha, blob));
    return sha;
  }, []);
  const url = useCallback((sha: string) => urls.current.get(sha), []);
  return { blobs, add, url };
}

export function FormPhotoInput({ media, shas, control }: { media: FormMedia; shas: readonly string[]; control: TMediaControl<string[]> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const q = control.question;
  const max = q.type === 'photo' ? (q.maxPhotos ?? 10) : 10;
  const full = shas.length >= max;

  const onFiles = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = [...shas];
      for (const f of files) {
        const sha = await media.add(await downscalePhoto(f));
        if (!next.includes(sha) && next.length < max) next.push(sha);
      }
      control.onChange(next);
    } catch (err) {
      setError(`The photo was not kept: ${err instanceof Error ? err.message : String(err)}. Try taking it again.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="form-media">
      {shas.length > 0 && (
        <ul className="form-photos">
          {shas.map((sha, i) => {
            const src = media.url(sha);
            const name = `Photo ${i + 1} for “${q.text}”`;
            return (
              <li key={sha}>
                {src ? <img src={src} alt={name} /> : <span className="attachment-placeholder">{name}</span>}
                {!control.readOnly && (
                  <button type="button" className="button secondary small" onClick={() => control.onChange(shas.filter((x) => x !== sha))}>
                    Remove<span className="visually-hidden"> photo {i + 1}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!control.readOnly && !full && (
        <label className={`button secondary file-button${busy ? ' is-busy' : ''}`}>
          <span>{busy ? 'Saving photo…' : shas.length ? 'Take another photo' : 'Take a photo'}</span>
          <input
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={busy}
            aria-describedby={control.describedBy}
            onChange={(e) => void onFiles(e)}
          />
        </label>
      )}
      <p className="hint-left">{shas.length === 0 ? 'No photos yet.' : `${shas.length} of at most ${max} photos.`}</p>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormSignatureInput({ media, sha, control }: { media: FormMedia; sha: string | null; control: TMediaControl<string> }) {
  const pad = useRef<SignaturePadHandle>(null);
  const [empty, setEmpty] = useState(true);
  const [error, setError] = useState<string>();
  const q = control.question;
  const src = sha ? media.url(sha) : undefined;

  const keep = async () => {
    if (!pad.current) return;
    setError(undefined);
    try {
      control.onChange(await media.add(await pad.current.toPng()));
    } catch (err) {
      setError(`The signature was not kept: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  if (sha) {
    return (
      <div className="form-media">
        {src ? <img className="form-signature" src={src} alt={`Signature for “${q.text}”`} /> : <p>Signed.</p>}
        {!control.readOnly && (
          <button type="button" className="button secondary" onClick={() => control.onChange(null)}>
            Sign again
          </button>
        )}
      </div>
    );
  }
  if (control.readOnly) return <p className="hint-left">Not signed.</p>;
  return (
    <div className="form-media">
      <SignaturePad ref={pad} label={`Signature box for “${q.text}”`} onChange={setEmpty} />
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => pad.current?.clear()} disabled={empty}>
          Clear
        </button>
        <button type="button" className="button primary" onClick={() => void keep()} disabled={empty}>
          Use this signature
        </button>
      </div>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
