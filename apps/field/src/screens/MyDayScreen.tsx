import { VISIT_STATUS_LABELS, type TSessionUser } from '@fieldkeep/domain';
import { formatDay, formatTime } from '../dates';
import { Announcements } from '../components/Announcements';
import { Link } from '../components/Link';
import { warningCount } from '../components/WarningList';
import type { Snapshot } from '../store/snapshot';
import { todaysVisits, warningsForSite } from '../view';
import { startOfDayForms } from '../view-forms';
import { SignOutButton } from './SignOutButton';

interface Props {
  user: TSessionUser;
  snap: Snapshot;
  onSignOut: () => Promise<string | undefined>;
}

/** The engineer's day: today's visits in order, each with its warnings impossible to miss. */
export function MyDayScreen({ user, snap, onSignOut }: Props) {
  const tz = user.timeZone;
  const visits = todaysVisits(snap, tz);
  const checks = startOfDayForms(snap, tz);
  const sodDone = checks.length > 0 && checks.every((c) => c.submission) ? checks.map((c) => c.submission!.at).sort().at(-1) : undefined;
  const timer = snap.activeTimer;
  return (
    <main className="screen">
      <h1>My day</h1>
      <p className="who">
        <span className="name">{user.name}</span>
        <span className="today">{formatDay(new Date(), tz)}</span>
      </p>
      <Announcements timeZone={tz} />
      {checks.length > 0 &&
        (sodDone ? (
          <p className="done-line">✓ Start-of-day check done at {formatTime(sodDone, tz)}</p>
        ) : (
          <Link to={{ name: 'start-of-day' }} className="button primary">
            Start-of-day check — not done yet
          </Link>
        ))}
      <section aria-labelledby="visits-heading">
        <h2 id="visits-heading">Visits today</h2>
        {visits.length === 0 ? (
          <p className="empty">{snap.lastSyncedAt ? 'No visits today.' : 'Getting your day from Fieldkeep…'}</p>
        ) : (
          <ol className="visit-list">
            {visits.map((v) => {
              const job = snap.tables.job.get(v.jobId);
              const site = job && snap.tables.site.get(job.siteId);
              const warnings = job ? warningsForSite(snap, job.siteId) : [];
              return (
                <li key={v.id}>
                  <Link to={{ name: 'visit', id: v.id }} className={`visit-card status-${v.status}`}>
                    <span className="visit-when">
                      {formatTime(v.startsAt, tz)}–{formatTime(v.endsAt, tz)}
                    </span>
                    <span className="visit-site">{site?.name ?? 'Site details not yet on this phone'}</span>
                    {site && <span className="visit-postcode">{site.postcode}</span>}
                    {job && <span className="visit-job">{job.description}</span>}
                    <span className="visit-status">
                      Status: <strong>{VISIT_STATUS_LABELS[v.status]}</strong>
                      {v.unsent && <span className="unsent"> · not sent yet</span>}
                    </span>
                    {warnings.length > 0 && (
                      <span className="badge-warn">
                        <strong>{warningCount(warnings.length)}</strong>
                        <span className="badge-warn-text">{warnings.map((w) => w.typeName).join(' · ')}</span>
                      </span>
                    )}
                  </Link>
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <Link to={{ name: 'time' }} className="button secondary">
        {timer ? `Non-productive time — running since ${formatTime(timer.startedAt, tz)}` : 'Non-productive time'}
      </Link>
      <SignOutButton onSignOut={onSignOut} />
      {snap.session && <p className="hint device-id">Device id (for your admin): {snap.session.clientId}</p>}
    </main>
  );
}
