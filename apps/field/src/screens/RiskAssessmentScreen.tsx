import type { TSessionUser } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { abortingAnswers, submitRiskAssessment, type Answers } from '../actions';
import { completeAnswers, FormQuestions } from '../components/FormQuestions';
import { BackLink } from '../components/Link';
import { WarningList } from '../components/WarningList';
import { navigate } from '../router';
import type { Snapshot } from '../store/snapshot';
import { formOfKind, visitContext } from '../view';

/**
 * Answered on arrival, before any work: "on site" is recorded with it. An answer the form marks as
 * unsafe (`abortOn`) aborts the visit instead, with the form's question as the reason.
 */
export function RiskAssessmentScreen({ user, snap, visitId }: { user: TSessionUser; snap: Snapshot; visitId: string }) {
  const form = formOfKind(snap, 'risk_assessment');
  const ctx = visitContext(snap, visitId);
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<string>();
  const complete = form ? completeAnswers(form, answers) : undefined;
  const unsafe = form ? abortingAnswers(form, answers) : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !complete) return;
    try {
      await submitRiskAssessment(form, complete, visitId);
      navigate({ name: 'visit', id: visitId }, { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <main className="screen">
      <BackLink to={{ name: 'visit', id: visitId }} label={ctx?.site?.name ?? 'Visit'} />
      <h1>{form?.name ?? 'Pre-visit risk assessment'}</h1>
      {ctx && <WarningList warnings={ctx.warnings} assets={snap.tables.asset} timeZone={user.timeZone} />}
      {!form || !ctx ? (
        <p className="notice">The risk assessment has not reached this phone yet. Sync when you have signal.</p>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <FormQuestions form={form} answers={answers} onChange={setAnswers} />
          {unsafe.length > 0 && (
            <p className="alert" role="alert">
              <strong>Do not start work.</strong> Submitting aborts this visit: {unsafe.map((q) => q.text).join(' ')}
            </p>
          )}
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className={`button ${unsafe.length > 0 ? 'danger' : 'primary'}`} disabled={!complete}>
            {unsafe.length > 0 ? 'Submit and abort the visit' : 'Submit and start work'}
          </button>
        </form>
      )}
    </main>
  );
}
