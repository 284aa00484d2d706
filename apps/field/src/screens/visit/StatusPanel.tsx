import { VISIT_STATUS_LABELS, VISIT_TRANSITIONS, type TVisitStatus } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { setVisitStatus } from '../../actions';
import { navigate } from '../../router';
import type { VisitContext } from '../../view';
import { pending, type VisitForms } from '../../view-forms';

function actionLabel(from: TVisitStatus, to: TVisitStatus): string {
  switch (to) {
    case 'travelling':
      return from === 'paused' ? 'Travel again' : 'Start travelling';
    case 'on_site':
      return from === 'paused' ? 'Resume work' : 'Arrived on site';
    case 'paused':
      return 'Pause work';
    case 'completed':
      return 'Complete visit';
    case 'aborted':
      return 'Abort visit';
    case 'scheduled':
      return 'Stop travelling';
  }
}

/** The next step first and biggest; aborting is always last and always asks why. */
const ORDER: TVisitStatus[] = ['travelling', 'on_site', 'completed', 'paused', 'scheduled', 'aborted'];

interface Props {
  ctx: VisitContext;
  /** The forms this visit needs: those before work gate "Arrived on site", completion forms gate "Complete visit". */
  forms: VisitForms;
}

export function StatusPanel({ ctx, forms }: Props) {
  const { visit } = ctx;
  const [aborting, setAborting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const next = ORDER.filter((s) => VISIT_TRANSITIONS[visit.status].includes(s));

  const go = async (to: TVisitStatus) => {
    setError(undefined);
    if (to === 'aborted') return setAborting(true);
    if (to === 'on_site' && visit.status !== 'paused') {
      if (forms.missing.length > 0) return setError('A form this visit needs has not reached this phone yet. Sync when you have signal, then try again.');
      const first = pending(forms.beforeWork)[0];
      if (first) return navigate({ name: 'visit-form', id: visit.id, formId: first.formId });
    }
    if (to === 'completed') {
      const first = pending(forms.completion)[0];
      if (first) return navigate({ name: 'visit-form', id: visit.id, formId: first.formId });
    }
    try {
      await setVisitStatus(visit.id, to);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const abort = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await setVisitStatus(visit.id, 'aborted', reason.trim());
      setAborting(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="panel" aria-labelledby="status-heading">
      <h2 id="status-heading">
        Status: <span className="status-text">{VISIT_STATUS_LABELS[visit.status]}</span>
        {visit.unsent && <span className="unsent"> · not sent yet</span>}
      </h2>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {aborting ? (
        <form className="stack" onSubmit={(e) => void abort(e)}>
          <label className="field">
            <span>Why are you aborting this visit?</span>
            <textarea required rows={3} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit" className="button danger" disabled={!reason.trim()}>
            Abort visit
          </button>
          <button type="button" className="button secondary" onClick={() => setAborting(false)}>
            Keep the visit
          </button>
        </form>
      ) : (
        <div className="stack">
          {next.map((to, i) => (
            <button key={to} type="button" className={`button ${to === 'aborted' ? 'danger-outline' : i === 0 ? 'primary' : 'secondary'}`} onClick={() => void go(to)}>
              {actionLabel(visit.status, to)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
