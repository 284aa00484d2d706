import { addDays, capacityMinutesOn, dayRangeUtc, jobReference, minutesBetween, type TBoard, type TJobPriority } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { listEngineers } from '../engineers/engineers.repository.js';
import { jobRowToJob, listJobRows } from '../jobs/jobs.repository.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import { listVisitsBetween } from '../visits/visits.repository.js';
import { liveWarningCounts } from '../warnings/warnings.repository.js';

/**
 * The dispatch board for one or more days in the tenant's time zone: engineers with their capacity
 * and booked time each day, the visits in the range, and the open jobs with nothing booked.
 */
export async function getBoard(ctx: AppContext, actor: Actor | undefined, date: string, days: number): Promise<TBoard> {
  const a = requireRole(actor, 'admin', 'office');
  const db = ctx.database.read;
  const tz = (await findTenantById(db, a.tenantId))?.timeZone ?? 'UTC';
  const dates = Array.from({ length: days }, (_, i) => addDays(date, i));
  const ranges = dates.map((d) => ({ date: d, ...dayRangeUtc(d, tz) }));
  const start = ranges[0]!.start;
  const end = ranges.at(-1)!.end;
  const [engineers, visits] = await Promise.all([listEngineers(db, a.tenantId), listVisitsBetween(db, a.tenantId, start, end)]);
  const jobIds = [...new Set(visits.map((v) => v.jobId))];
  const jobs = jobIds.length
    ? await db
        .selectFrom('jobs as j')
        .innerJoin('sites as s', 's.id', 'j.site_id')
        .select(['j.id', 'j.number', 'j.description', 'j.priority', 'j.site_id', 's.name as site_name', 's.postcode'])
        .where('j.tenant_id', '=', a.tenantId)
        .where('j.id', 'in', jobIds)
        .execute()
    : [];
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const now = ctx.clock.now().toISOString();
  const { rows: unallocatedRows } = await listJobRows(db, a.tenantId, {
    statuses: ['new', 'follow_on', 'aborted'],
    unallocated: true,
    limit: 200,
    offset: 0,
  });
  const counts = await liveWarningCounts(db, a.tenantId, [...new Set([...jobs.map((j) => j.site_id), ...unallocatedRows.map((r) => r.site_id)])], now);

  const alerts = visits.length
    ? await db
        .selectFrom('form_alerts')
        .select(['visit_id', 'message'])
        .where('tenant_id', '=', a.tenantId)
        .where('resolved_at', 'is', null)
        .where(
          'visit_id',
          'in',
          visits.map((v) => v.id),
        )
        .orderBy('at')
        .execute()
    : [];
  const booked = new Map<string, number>();
  for (const v of visits) {
    if (v.status === 'completed') continue;
    for (const r of ranges) {
      const s = v.startsAt > r.start ? v.startsAt : r.start;
      const e = v.endsAt < r.end ? v.endsAt : r.end;
      if (e <= s) continue;
      for (const eng of v.engineers) booked.set(`${eng.id}|${r.date}`, (booked.get(`${eng.id}|${r.date}`) ?? 0) + minutesBetween(s, e));
    }
  }
  return {
    date,
    days,
    timeZone: tz,
    engineers: engineers.map((e) => ({
      id: e.id,
      name: e.name,
      skills: e.skills,
      days: dates.map((d) => {
        const capacityMinutes = capacityMinutesOn(e.workingHours, d);
        const bookedMinutes = booked.get(`${e.id}|${d}`) ?? 0;
        return { date: d, capacityMinutes, bookedMinutes, underAllocated: capacityMinutes > 0 && bookedMinutes < capacityMinutes };
      }),
    })),
    visits: visits.flatMap((v) => {
      const j = jobById.get(v.jobId);
      if (!j) return [];
      return [
        {
          id: v.id,
          jobId: v.jobId,
          jobReference: jobReference(j.number),
          siteName: j.site_name,
          sitePostcode: j.postcode,
          description: j.description,
          priority: j.priority as TJobPriority,
          startsAt: v.startsAt,
          endsAt: v.endsAt,
          status: v.status,
          engineerIds: v.engineers.map((e) => e.id),
          liveWarningCount: counts.get(j.site_id) ?? 0,
          openAlerts: alerts.filter((x) => x.visit_id === v.id).map((x) => x.message),
        },
      ];
    }),
    unallocated: unallocatedRows.map((r) => jobRowToJob(r, counts.get(r.site_id) ?? 0)),
  };
}
