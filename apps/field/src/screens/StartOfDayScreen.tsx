import type { TSessionUser } from '@fieldkeep/domain';
import { useState, type FormEvent } from 'react';
import { submitStartOfDay, type Answers } from '../actions';
import { completeAnswers, FormQuestions } from '../components/FormQuestions';
import { BackLink } from '../components/Link';
import { formatDay, formatTime, today } from '../dates';
import { navigate } from '../router';
import type { Snapshot } from '../store/snapshot';
import { formOfKind, startOfDayToday } from '../view';

/** The seeded start-of-day check: vehicle, PPE, fitness — once per working day. */
export function StartOfDayScreen({ user, snap }: { user: TSessionUser; snap: Snapshot }) {
  const tz = user.timeZone;
  const form = formOfKind(snap, 'start_of_day');
  const done = startOfDayToday(snap, tz);
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<string>();
  const complete = form ? completeAnswers(form, answers) : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !complete) return;
    try {
      await submitStartOfDay(form, complete, today(tz));
      navigate({ name: 'day' }, { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <main className="screen">
      <BackLink to={{ name: 'day' }} label="My day" />
      <h1>Start-of-day check</h1>
      <p className="hint">{formatDay(new Date(), tz)}</p>
      {!form ? (
        <p className="notice">The check has not reached this phone yet. Sync when you have signal.</p>
      ) : done ? (
        <p className="done-line">✓ Done at {formatTime(done.at, tz)}.</p>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <FormQuestions form={form} answers={answers} onChange={setAnswers} />
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={!complete}>
            Submit check
          </button>
        </form>
      )}
    </main>
  );
}
