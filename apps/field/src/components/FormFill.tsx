import type { TFormAnswers, TFormDefinition, TFormOutcomeHit } from '@fieldkeep/domain';
import { FormRenderer, useFormState } from '@fieldkeep/forms-ui';
import { useRef, useState, type FormEvent } from 'react';
import type { FormBlobs } from '../actions';
import { FormPhotoInput, FormSignatureInput, useFormMedia } from './FormMedia';

interface Props {
  def: TFormDefinition;
  /** The submit button's words, given what the answers set off (e.g. "Submit and abort the visit"). */
  submitLabel: (outcomes: readonly TFormOutcomeHit[]) => string;
  /** Called only with answers the domain's validateSubmission accepted. */
  onSubmit: (answers: TFormAnswers, outcomes: TFormOutcomeHit[], blobs: FormBlobs) => Promise<void>;
}

/**
 * A form on the phone: the shared renderer with the phone's camera and signature pad, checked by
 * the domain before anything is kept. Problems are shown beside their questions and the first one
 * is scrolled into view; nothing is sent that the server would refuse for its answers.
 */
export function FormFill({ def, submitLabel, onSubmit }: Props) {
  const form = useFormState(def);
  const media = useFormMedia();
  const box = useRef<HTMLFormElement>(null);
  const [attempted, setAttempted] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const outcomes = form.evaluation.outcomes;
  // After a refused submit: how many questions still need something (goes as they are put right).
  const open = attempted ? form.evaluation.questions.filter((q) => q.error).length : 0;
  const stops = outcomes.some((o) => o.effect === 'abort_visit');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const result = form.validate();
    setAttempted(true);
    if (!result.ok) {
      requestAnimationFrame(() => box.current?.querySelector('.has-error')?.scrollIntoView({ block: 'center' }));
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      await onSubmit(result.answers, result.outcomes, media.blobs);
    } catch (err) {
      setProblem(`Your answers were not kept: ${err instanceof Error ? err.message : String(err)}`);
      setBusy(false);
    }
  };

  return (
    <form ref={box} className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <FormRenderer
        definition={def}
        answers={form.answers}
        onChange={form.setAnswers}
        errors={form.errors}
        photoSlot={(_id, shas, control) => <FormPhotoInput media={media} shas={shas} control={control} />}
        signatureSlot={(_id, sha, control) => <FormSignatureInput media={media} sha={sha} control={control} />}
      />
      {open > 0 && (
        <p className="alert" role="alert">
          {open === 1 ? '1 question needs' : `${open} questions need`} an answer or a correction — see the messages above.
        </p>
      )}
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className={`button ${stops ? 'danger' : 'primary'}`} disabled={busy}>
        {busy ? 'Saving…' : submitLabel(outcomes)}
      </button>
    </form>
  );
}
