import type { TFormOutcomeHit } from '@fieldkeep/domain';
import { Link } from '../../components/Link';
import { formatTime } from '../../dates';
import type { Snapshot } from '../../store/snapshot';
import { abortedByForm, submissionOutcomes, type VisitFormNeed, type VisitForms } from '../../view-forms';

/** What an answered form set off, said to the engineer after the fact. */
export function OutcomeList({ outcomes }: { outcomes: readonly TFormOutcomeHit[] }) {
  const shown = outcomes.filter((o) => o.effect !== 'require_photo');
  if (shown.length === 0) return null;
  return (
    <ul className="form-outcomes">
      {shown.map((o, i) => (
        <li key={i} className={o.effect === 'abort_visit' ? 'alert' : 'notice'}>
          <strong>{o.effect === 'abort_visit' ? 'This answer stopped the visit:' : 'The office has been told:'}</strong> {o.message}
        </li>
      ))}
    </ul>
  );
}

const KIND_WORDS = { risk_assessment: 'the risk assessment', health_safety: 'the health & safety check', start_of_day: 'the start-of-day check', job_completion: 'the job completion form' };

/** An aborted visit, said plainly: by which form, and why. No more work is recorded on it. */
export function StoppedNotice({ snap, visitId, reason }: { snap: Snapshot; visitId: string; reason: string | null }) {
  const by = abortedByForm(snap, visitId);
  return (
    <div className="alert stopped" role="alert">
      <p>
        <strong>{by ? `Visit stopped by ${KIND_WORDS[by.form.kind]}` : 'Visit aborted'}</strong>
      </p>
      {reason && <p>Reason: {reason}</p>}
      <p>No further work can be recorded on this visit.</p>
    </div>
  );
}

function FormLine({ need, snap, visitId, timeZone, open }: { need: VisitFormNeed; snap: Snapshot; visitId: string; timeZone: string; open: boolean }) {
  const name = need.def?.name ?? 'Form';
  const when = need.when === 'before_work' ? 'before work' : 'when completing';
  return (
    <li className="form-line">
      <span className="form-line-name">
        {name} <span className="hint-inline">({when})</span>
      </span>
      {need.submission ? (
        <>
          <span>
            ✓ Answered at {formatTime(need.submission.at, timeZone)}
            {need.submission.unsent && <span className="unsent"> · not sent yet</span>}
          </span>
          <OutcomeList outcomes={submissionOutcomes(snap, need.submission)} />
        </>
      ) : open ? (
        <Link to={{ name: 'visit-form', id: visitId, formId: need.formId }} className="button secondary">
          Answer the {name.toLowerCase()}
        </Link>
      ) : (
        <span>Not answered</span>
      )}
    </li>
  );
}

/** The forms this visit needs, answered or not: risk assessments before work, completion at the end. */
export function FormsPanel({ forms, snap, visitId, timeZone, open }: { forms: VisitForms; snap: Snapshot; visitId: string; timeZone: string; open: boolean }) {
  const all = [...forms.beforeWork, ...forms.completion];
  if (all.length === 0 && forms.missing.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="forms-heading">
      <h2 id="forms-heading">Forms</h2>
      <ul className="form-lines">
        {all.map((n) => (
          <FormLine key={n.formId} need={n} snap={snap} visitId={visitId} timeZone={timeZone} open={open} />
        ))}
      </ul>
      {forms.missing.length > 0 && (
        <p className="notice">
          {forms.missing.length === 1 ? 'A form' : `${forms.missing.length} forms`} this visit needs {forms.missing.length === 1 ? 'has' : 'have'} not reached this phone
          yet. Sync when you have signal.
        </p>
      )}
    </section>
  );
}
