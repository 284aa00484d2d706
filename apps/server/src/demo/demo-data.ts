import {
  addDays,
  localDate,
  zonedTimeToUtc,
  ZCreateAssetRequest,
  ZCreateClientRequest,
  ZDirectoryListQuery,
  ZUpdateClientRequest,
  ZCreateJobRequest,
  ZCreateSiteRequest,
  ZCreateSupplierRequest,
  ZCreateVisitRequest,
  ZCreateWarningRequest,
  type TWorkingHours,
} from '@fieldkeep/domain';
import { dryRunAllocation } from '../allocation/allocation.service.js';
import type { Actor } from '../auth/actor.js';
import { createAsset } from '../assets/assets.service.js';
import { changeClient, createClient, listClientsFor } from '../clients/clients.service.js';
import type { AppContext } from '../context.js';
import { updateEngineer } from '../engineers/engineers.service.js';
import { addJobNote, createJob, updateJob } from '../jobs/jobs.service.js';
import { createSupplier } from '../suppliers/suppliers.service.js';
import { createSite } from '../sites/sites.service.js';
import { createVisit, setVisitStatus } from '../visits/visits.service.js';
import { addWarning, listWarningTypesFor } from '../warnings/warnings.service.js';
import { DEMO_JOBS, DEMO_SITES, type DemoVisit } from './demo-catalogue.js';

const ROTA: TWorkingHours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { start: '08:00', end: '16:30' }])) as TWorkingHours;

/**
 * A realistic day for the demo tenant, made through the same services the API uses (so every
 * visit passed the allocation rules): three clients, two suppliers, a dozen sites with assets and
 * warnings, about forty jobs — done, booked today and tomorrow, and waiting in the side list.
 */
export async function seedDemoData(ctx: AppContext, admin: Actor, engineers: Array<{ id: string; login: string }>): Promise<void> {
  const tz = 'Europe/London';
  const today = localDate(ctx.clock.now(), tz);
  const at = (dayOffset: number, time: string) => zonedTimeToUtc(addDays(today, dayOffset), time, tz).toISOString();
  const eng = (n: number) => engineers[n - 1]!.id;
  const skills: Record<number, string[]> = { 1: ['plumbing', 'gas safe'], 2: ['electrical'], 3: ['plumbing', 'carpentry'], 4: ['gas safe', 'heating'], 5: ['carpentry', 'roofing'] };
  for (let n = 1; n <= engineers.length; n++) {
    await updateEngineer(ctx, admin, eng(n), { skills: skills[n] ?? [], workingHours: ROTA });
  }

  const clients = new Map<string, string>();
  for (const c of [
    { name: 'Northside Housing Association', address: '1 Civic Square, Leeds LS1 1AA', phone: '0113 496 0000', email: 'repairs@northside.example', contacts: [{ name: 'Priya Shah', role: 'Repairs manager', email: 'priya.shah@northside.example', phone: '0113 496 0101' }] },
    { name: 'Riverside Homes', address: '8 Quay Street, Leeds LS2 7EY', phone: '0113 496 0200', contacts: [{ name: 'Tom Okafor', role: 'Asset manager', email: 'tom.okafor@riverside.example' }] },
    { name: 'Hillcrest Lettings', address: '42 Otley Road, Leeds LS6 3PX', email: 'office@hillcrest.example', contacts: [] },
  ]) {
    // The demo tenant was made with its client organisations (the portal user belongs to one):
    // fill those in rather than making a second organisation of the same name.
    const existing = (await listClientsFor(ctx, admin, ZDirectoryListQuery.parse({ q: c.name }))).find((x) => x.name === c.name);
    const id = existing ? (await changeClient(ctx, admin, existing.id, ZUpdateClientRequest.parse(c))).id : (await createClient(ctx, admin, ZCreateClientRequest.parse(c))).id;
    clients.set(c.name, id);
  }
  for (const s of [
    { name: 'City Plumbing Supplies', phone: '0113 496 0300', email: 'trade@cityplumbing.example', contacts: [{ name: 'Dave Rowe', role: 'Trade counter', phone: '0113 496 0301' }] },
    { name: 'Electrical Wholesale Ltd', phone: '0113 496 0400', contacts: [{ name: 'Sam Lee', role: 'Account manager', email: 'sam.lee@ewl.example' }] },
  ]) {
    await createSupplier(ctx, admin, ZCreateSupplierRequest.parse(s));
  }

  const types = new Map((await listWarningTypesFor(ctx, admin)).map((t) => [t.key, t.id]));
  const sites = new Map<string, { id: string; assets: string[] }>();
  for (const s of DEMO_SITES) {
    const site = await createSite(ctx, admin, ZCreateSiteRequest.parse({ ...s.site, clientId: clients.get(s.client)! }));
    const assets: string[] = [];
    for (const a of s.assets ?? []) assets.push((await createAsset(ctx, admin, ZCreateAssetRequest.parse({ ...a, siteId: site.id }))).id);
    for (const w of s.warnings ?? []) {
      const validUntil = w.untilDays === undefined ? null : at(w.untilDays, '00:00');
      const validFrom = w.fromDays === undefined ? undefined : at(w.fromDays, '00:00');
      await addWarning(
        ctx,
        admin,
        ZCreateWarningRequest.parse({ siteId: site.id, assetId: w.onAsset === undefined ? null : assets[w.onAsset], typeId: types.get(w.type)!, text: w.text, validUntil, ...(validFrom ? { validFrom } : {}) }),
      );
    }
    sites.set(s.site.name, { id: site.id, assets });
  }

  for (const j of DEMO_JOBS) {
    const site = sites.get(j.site)!;
    const job = await createJob(
      ctx,
      admin,
      ZCreateJobRequest.parse({
        siteId: site.id,
        assetId: j.asset === undefined ? null : site.assets[j.asset],
        description: j.description,
        jobType: j.jobType,
        priority: j.priority,
        targetDate: j.targetDays === undefined ? null : addDays(today, j.targetDays),
        requiredSkills: j.skills ?? [],
        requiredEngineers: j.engineers ?? 1,
      }),
    );
    for (const v of j.visits ?? []) await bookDemoVisit(ctx, admin, job.id, v, at, eng);
    if (j.note) await addJobNote(ctx, admin, job.id, { text: j.note, clientVisible: true });
    if (j.outcome) await updateJob(ctx, admin, job.id, { status: j.outcome });
  }
}

async function bookDemoVisit(ctx: AppContext, admin: Actor, jobId: string, v: DemoVisit, at: (d: number, t: string) => string, eng: (n: number) => string): Promise<void> {
  const startsAt = at(v.day, v.from);
  const endsAt = at(v.day, v.to);
  const engineerIds = v.engineers.map(eng);
  // The demo planner reads every warning before booking, as the office would.
  const check = await dryRunAllocation(ctx, admin, { jobId, startsAt, endsAt, engineerIds, acknowledgedRuleIds: [] });
  const visit = await createVisit(ctx, admin, ZCreateVisitRequest.parse({ jobId, startsAt, endsAt, engineerIds, acknowledgedRuleIds: check.unacknowledgedRuleIds }));
  for (const status of v.statuses ?? []) await setVisitStatus(ctx, admin, visit.id, status, status === 'aborted' ? 'No access: nobody home, card left.' : undefined);
}
