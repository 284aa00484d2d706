import { canTransitionVisit, type TFormAnswers, type TFormDefinition, type TFormOutcomeHit, type TSessionUser, type TVisitStatus } from '@fieldkeep/domain';
import { submitForm, type FormBlobs } from '../../actions';
import { FormFill } from '../../components/FormFill';
import { BackLink, Link } from '../../components/Link';
import { WarningList } from '../../components/WarningList';
import { formatTime } from '../../dates';
import { navigate } from '../../router';
import type { Snapshot } from '../../store/snapshot';
import { visitContext } from '../../view';
import { BEFORE_WORK_KINDS, formById, pending, submissionOutcomes, visitForms, type VisitForms } from '../../view-forms';
import { OutcomeList, StoppedNotice } from './FormsPanel';

/** The reason an abort is recorded with: the engineer's own words when the form asked for them. */
export function abortReason(answers: TFormAnswers, hit: TFormOutcomeHit): string {
  const own = answers.unsafe_reason;
  return typeof own === 'string' && own.trim() ? own.trim() : hit.message;
}

/** What submitting this form does to the visit, given the answers so far. */
function nextStatus(def: TFormDefinition, status: TVisitStatus, forms: VisitForms, outcomes: readonly TFormOutcomeHit[]): TVisitStatus | undefined {
  const others = (list: VisitForms['beforeWork']) => pending(list).filter((n) => n.formId !== def.id);
  if (BEFORE_WORK_KINDS.includes(def.kind)) {
    if (outcomes.some((o) => o.effect === 'abort_visit')) return canTransitionVisit(status, 'aborted') ? 'aborted' : undefined;
    const ready = others(forms.beforeWork).length === 0 && forms.missing.length === 0;
    return ready && (status === 'travelling' || status === 'scheduled') ? 'on_site' : undefined;
  }
  if (def.kind === 'job_completion') return others(forms.completion).length === 0 && canTransitionVisit(status, 'completed') ? 'completed' : undefined;
  return undefined;
}

const LABELS: Partial<Record<TVisitStatus, string>> = {
  aborted: 'Submit and abort the visit',
  on_site: 'Submit and start work',
  completed: 'Submit and complete the visit',
};

/**
 * One form a visit needs: a risk assessment or health & safety check before work ("on site" is
 * recorded with the last of them), or the job completion form when the visit is completed. An
 * answer that stops the visit records it aborted, with the reason, in the same change.
 */
export function VisitFormScreen({ user, snap, visitId, formId }: { user: TSessionUser; snap: Snapshot; visitId: string; formId: string | undefined }) {
  const ctx = visitContext(snap, visitId);
  const forms = ctx ? visitForms(snap, ctx.visit) : undefined;
  // The old /risk-assessment address: the first risk assessment or H&S check still to answer.
  const id = formId ?? (forms && (pending(forms.beforeWork)[0] ?? forms.beforeWork[0])?.formId);
  const def = id ? formById(snap, id) : undefined;
  const need = forms && id ? [...forms.beforeWork, ...forms.completion].find((n) => n.formId === id) : undefined;
  const back = <BackLink to={{ name: 'visit', id: visitId }} label={ctx?.site?.name ?? 'Visit'} />;

  if (!ctx || !forms || !def) {
    return (
      <main className="screen">
        {back}
        <h1>{def?.name ?? 'Form'}</h1>
        <p className="notice">{!ctx ? 'This visit is not on this phone.' : 'This form has not reached this phone yet. Sync when you have signal.'}</p>
      </main>
    );
  }
  const { visit } = ctx;

  const onSubmit = async (answers: TFormAnswers, outcomes: TFormOutcomeHit[], blobs: FormBlobs) => {
    const to = nextStatus(def, visit.status, forms, outcomes);
    const abort = outcomes.find((o) => o.effect === 'abort_visit');
    const reason = to === 'aborted' && abort ? abortReason(answers, abort) : undefined;
    await submitForm({ def, answers, visitId, blobs, ...(to ? { status: { to, reason } } : {}) });
    const nextForm = to === 'aborted' ? undefined : BEFORE_WORK_KINDS.includes(def.kind) ? pending(forms.beforeWork).find((n) => n.formId !== def.id) : undefined;
    navigate(nextForm ? { name: 'visit-form', id: visitId, formId: nextForm.formId } : { name: 'visit', id: visitId }, { replace: true });
  };

  return (
    <main className="screen">
      {back}
      <h1>{def.name}</h1>
      <WarningList warnings={ctx.warnings} assets={snap.tables.asset} timeZone={user.timeZone} />
      {need?.submission ? (
        <>
          <p className="done-line">
            ✓ Answered at {formatTime(need.submission.at, user.timeZone)}
            {need.submission.unsent && <span className="unsent"> · not sent yet</span>}
          </p>
          <OutcomeList outcomes={submissionOutcomes(snap, need.submission)} />
          {visit.status === 'aborted' && <StoppedNotice snap={snap} visitId={visitId} reason={visit.abortReason} />}
          <Link to={{ name: 'visit', id: visitId }} className="button primary">
            Back to the visit
          </Link>
        </>
      ) : visit.status === 'aborted' || visit.status === 'completed' ? (
        <>
          {visit.status === 'aborted' ? <StoppedNotice snap={snap} visitId={visitId} reason={visit.abortReason} /> : <p className="notice">This visit is completed.</p>}
          <p>No more work can be recorded on this visit.</p>
        </>
      ) : (
        <FormFill key={def.id} def={def} onSubmit={onSubmit} submitLabel={(o) => LABELS[nextStatus(def, visit.status, forms, o) ?? 'scheduled'] ?? 'Submit'} />
      )}
    </main>
  );
}
