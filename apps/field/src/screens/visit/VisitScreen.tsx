import { JOB_STATUS_LABELS, type TSessionUser } from '@fieldkeep/domain';
import { formatTime } from '../../dates';
import { BackLink } from '../../components/Link';
import { WarningList } from '../../components/WarningList';
import type { Snapshot } from '../../store/snapshot';
import { assetLabel, visitContext } from '../../view';
import { visitForms } from '../../view-forms';
import { FormsPanel, StoppedNotice } from './FormsPanel';
import { AttachmentsPanel } from './AttachmentsPanel';
import { NotesPanel } from './NotesPanel';
import { StatusPanel } from './StatusPanel';

/** One visit: warnings first, then what to do next, where, who, what — and the record of the work. */
export function VisitScreen({ user, snap, visitId }: { user: TSessionUser; snap: Snapshot; visitId: string }) {
  const tz = user.timeZone;
  const ctx = visitContext(snap, visitId);
  if (!ctx) {
    return (
      <main className="screen">
        <BackLink to={{ name: 'day' }} label="My day" />
        <h1>Visit not on this phone</h1>
        <p className="notice">This visit is no longer allocated to you, or it has not reached this phone yet.</p>
      </main>
    );
  }
  const { visit, job, site, asset } = ctx;
  const forms = visitForms(snap, visit);
  // A stopped visit takes no more work: no status steps, notes, photos or forms.
  const stopped = visit.status === 'aborted';
  return (
    <main className="screen">
      <BackLink to={{ name: 'day' }} label="My day" />
      <h1>{site?.name ?? 'Visit'}</h1>
      <p className="visit-when-line">
        {formatTime(visit.startsAt, tz)}–{formatTime(visit.endsAt, tz)}
        {job && ` · ${job.reference}`}
      </p>
      <WarningList warnings={ctx.warnings} assets={snap.tables.asset} timeZone={tz} />
      {stopped && <StoppedNotice snap={snap} visitId={visit.id} reason={visit.abortReason} />}
      <StatusPanel ctx={ctx} forms={forms} />
      <FormsPanel forms={forms} snap={snap} visitId={visit.id} timeZone={tz} open={!stopped && visit.status !== 'completed'} />
      {site && (
        <section className="panel" aria-labelledby="site-heading">
          <h2 id="site-heading">Where</h2>
          <address className="address">
            {[site.address1, site.address2, site.town].filter(Boolean).join(', ')}
            <br />
            <strong>{site.postcode}</strong>
          </address>
          {site.accessNotes && (
            <p>
              <strong>Access: </strong>
              {site.accessNotes}
            </p>
          )}
          {(site.occupantName || site.occupantPhone) && (
            <p>
              <strong>Occupant: </strong>
              {site.occupantName}
              {site.occupantPhone && (
                <>
                  {' · '}
                  <a href={`tel:${site.occupantPhone.replace(/\s+/g, '')}`}>{site.occupantPhone}</a>
                </>
              )}
            </p>
          )}
        </section>
      )}
      {job && (
        <section className="panel" aria-labelledby="job-heading">
          <h2 id="job-heading">The job</h2>
          <p className="job-description">{job.description}</p>
          <p className="hint">
            {job.clientName} · {job.jobType.replace(/_/g, ' ')} · priority {job.priority} · job {JOB_STATUS_LABELS[job.status].toLowerCase()}
          </p>
          {asset && <p>Asset: {assetLabel(asset)}</p>}
        </section>
      )}
      <NotesPanel ctx={ctx} timeZone={tz} locked={stopped} />
      <AttachmentsPanel ctx={ctx} timeZone={tz} blobKeys={snap.blobKeys} locked={stopped} />
      <BackLink to={{ name: 'day' }} label="Back to my day" />
    </main>
  );
}
