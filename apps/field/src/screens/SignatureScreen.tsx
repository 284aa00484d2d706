import type { TSessionUser } from '@fieldkeep/domain';
import { useRef, useState } from 'react';
import { addAttachment } from '../actions';
import { BackLink } from '../components/Link';
import { SignaturePad, type SignaturePadHandle } from '../components/SignaturePad';
import { navigate } from '../router';
import type { Snapshot } from '../store/snapshot';
import { visitContext } from '../view';

/** The customer signs on the phone; saved as a PNG attachment of the visit. */
export function SignatureScreen({ snap, visitId }: { user: TSessionUser; snap: Snapshot; visitId: string }) {
  const pad = useRef<SignaturePadHandle>(null);
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const ctx = visitContext(snap, visitId);

  const save = async () => {
    if (!ctx || !pad.current) return;
    setBusy(true);
    setError(undefined);
    try {
      await addAttachment({ jobId: ctx.visit.jobId, visitId, kind: 'signature', blob: await pad.current.toPng() });
      navigate({ name: 'visit', id: visitId }, { replace: true });
    } catch (err) {
      setError(`The signature was not kept: ${err instanceof Error ? err.message : String(err)}`);
      setBusy(false);
    }
  };

  return (
    <main className="screen">
      <BackLink to={{ name: 'visit', id: visitId }} label={ctx?.site?.name ?? 'Visit'} />
      <h1>Signature</h1>
      <p>Ask the customer to sign in the box with a finger.</p>
      <SignaturePad ref={pad} label="Signature box" onChange={setEmpty} />
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => pad.current?.clear()} disabled={busy || empty}>
          Clear
        </button>
        <button type="button" className="button primary" onClick={() => void save()} disabled={busy || empty || !ctx}>
          {busy ? 'Saving…' : 'Save signature'}
        </button>
      </div>
    </main>
  );
}
