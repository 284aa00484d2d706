import { sortWarnings, type TSyncWarning } from '@fieldkeep/domain';
import { isToday } from './dates';
import type { Snapshot } from './store/snapshot';

/** Read-only questions the screens ask of a snapshot. */

export function warningsForSite(snap: Snapshot, siteId: string): TSyncWarning[] {
  const ws = [...snap.tables.warning.values()].filter((w) => w.siteId === siteId);
  // A pulled warning carries no validFrom: order by severity (sortWarnings), ties by type name.
  return sortWarnings(ws.sort((a, b) => a.typeName.localeCompare(b.typeName)).map((w) => ({ ...w, validFrom: '' })));
}

export function todaysVisits(snap: Snapshot, timeZone: string) {
  return [...snap.tables.visit.values()].filter((v) => isToday(v.startsAt, timeZone)).sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

export function visitContext(snap: Snapshot, visitId: string) {
  const visit = snap.tables.visit.get(visitId);
  if (!visit) return undefined;
  const job = snap.tables.job.get(visit.jobId);
  const site = job ? snap.tables.site.get(job.siteId) : undefined;
  const asset = job?.assetId ? snap.tables.asset.get(job.assetId) : undefined;
  const byNewest = <T extends { at: string }>(a: T, b: T) => b.at.localeCompare(a.at);
  return {
    visit,
    job,
    site,
    asset,
    warnings: job ? warningsForSite(snap, job.siteId) : [],
    notes: [...snap.tables.jobNote.values()].filter((n) => n.jobId === visit.jobId).sort(byNewest),
    attachments: [...snap.tables.attachment.values()].filter((a) => a.jobId === visit.jobId).sort(byNewest),
  };
}
export type VisitContext = NonNullable<ReturnType<typeof visitContext>>;

export const assetLabel = (a: { type: string; make: string | null; model: string | null; location: string | null }) =>
  [a.type, [a.make, a.model].filter(Boolean).join(' '), a.location && `(${a.location})`].filter(Boolean).join(' ');

