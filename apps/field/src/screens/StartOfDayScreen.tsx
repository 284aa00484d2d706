import type { TSessionUser } from '@fieldkeep/domain';
import { submitForm } from '../actions';
import { FormFill } from '../components/FormFill';
import { BackLink, Link } from '../components/Link';
import { formatDay, formatTime, today } from '../dates';
import type { Snapshot } from '../store/snapshot';
import { startOfDayForms, submissionOutcomes } from '../view-forms';
import { OutcomeList } from './visit/FormsPanel';

/**
 * The start-of-day checks, once per working day: every active start-of-day form, each as the
 * office last published it. It never blocks the day; what it raises is told to the office.
 */
export function StartOfDayScreen({ user, snap }: { user: TSessionUser; snap: Snapshot }) {
  const tz = user.timeZone;
  const checks = startOfDayForms(snap, tz);
  const next = checks.find((c) => !c.submission);
  const done = checks.filter((c) => c.submission);

  return (
    <main className="screen">
      <BackLink to={{ name: 'day' }} label="My day" />
      <h1>{next?.def.name ?? 'Start-of-day check'}</h1>
      <p className="hint">{formatDay(new Date(), tz)}</p>
      {checks.length === 0 && <p className="notice">The check has not reached this phone yet. Sync when you have signal.</p>}
      {done.map(({ def, submission }) => (
        <div key={def.id} className="stack">
          <p className="done-line">
            ✓ {def.name} done at {formatTime(submission!.at, tz)}
            {submission!.unsent && <span className="unsent"> · not sent yet</span>}
          </p>
          <OutcomeList outcomes={submissionOutcomes(snap, submission!)} />
        </div>
      ))}
      {next ? (
        <FormFill
          key={next.def.id}
          def={next.def}
          submitLabel={() => 'Submit check'}
          onSubmit={(answers, _outcomes, blobs) => submitForm({ def: next.def, answers, day: today(tz), blobs })}
        />
      ) : (
        checks.length > 0 && (
          <Link to={{ name: 'day' }} className="button primary">
            Back to my day
          </Link>
        )
      )}
    </main>
  );
}
