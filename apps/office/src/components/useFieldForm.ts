import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../api/client';

/**
 * The state of a simple record form (add or edit a site, asset, client…): text fields started from
 * the record, a busy flag, and the server's error mapped to fields. `save` gets trimmed values;
 * `opt(f)` is null for an empty optional field. On success the caller closes the form, so busy
 * stays on; on failure the error is shown and the form can be sent again.
 */
export function useFieldForm<F extends string>(
  fields: readonly F[],
  initial: Partial<Record<F, string | null>> | undefined,
  save: (form: { text: (f: F) => string; opt: (f: F) => string | null }) => Promise<void>,
) {
  const [values, setValues] = useState<Record<F, string>>(() => Object.fromEntries(fields.map((f) => [f, initial?.[f] ?? ''])) as Record<F, string>);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = (f: F) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setValues((old) => ({ ...old, [f]: v }));
  };
  const text = (f: F) => values[f].trim();
  const opt = (f: F) => text(f) || null;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    save({ text, opt }).catch((err: unknown) => {
      setError(err);
      setBusy(false);
    });
  };
  return { values, set, busy, error, errors: fieldErrors(error), onSubmit };
}
