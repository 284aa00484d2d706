import { addDays, dayRangeUtc, jobReference, localDate, sortWarnings, type TJobPriority, type TSeverity } from '@fieldkeep/domain';
import type { Database } from '../db/database.js';
import { findTenantById, type Tenant } from '../tenants/tenants.repository.js';
import { DEFAULT_BACK_UP_CHECKLIST, DEFAULT_CUSTOMER_SCRIPT } from './pack-defaults.js';
import * as repo from './pack.repository.js';

/** Everything a pack prints, read in one snapshot. Plain data: rendering needs no database. */
export interface PackData {
  tenant: Tenant;
  generatedAt: string;
  /** Local dates (YYYY-MM-DD) whose job sheets are inside: today when it is a working day, and the next working day. */
  days: string[];
  /** Per engineer (every active engineer, also those with nothing booked), per day, their visits in time order. */
  engineers: Array<{ id: string; name: string; days: Array<{ date: string; visits: PackVisit[] }> }>;
  clients: PackOrg[];
  suppliers: PackOrg[];
  sites: PackSite[];
  outstanding: PackOutstandingJob[];
  /** Non-productive activities engineers record (printed on the blank time log). */
  activityTypes: string[];
  /** The next job number Fieldkeep will give (the manual register carries on from it). */
  nextJobNumber: number;
  customerScript: string;
  backUpChecklist: string;
}

export interface PackWarning {
  typeName: string;
  text: string;
  severity: TSeverity;
  /** Local date it ends (exclusive end shown as "until"), when it has one. */
  validUntil: string | null;
}

export interface PackVisit {
  visitId: string;
  startsAt: string;
  endsAt: string;
  jobReference: string;
  description: string;
  jobType: string;
  priority: TJobPriority;
  targetDate: string | null;
  site: { name: string; address: string[]; postcode: string; accessNotes: string | null; occupantName: string | null; occupantPhone: string | null };
  client: { name: string; phone: string | null; contact: { name: string; role: string | null; phone: string | null; email: string | null } | null };
  asset: string | null;
  /** Live at the visit's start and shown to engineers; most severe first. */
  warnings: PackWarning[];
  /** Everyone booked on the visit (a pair sees who they attend with). */
  engineers: string[];
  /** The job's newest notes (at most three). */
  notes: Array<{ text: string; author: string | null; at: string }>;
}

export interface PackOrg {
  name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  contacts: Array<{ name: string; role: string | null; phone: string | null; email: string | null }>;
}

export interface PackSite {
  name: string;
  clientName: string;
  address: string[];
  postcode: string;
  accessNotes: string | null;
  occupantName: string | null;
  occupantPhone: string | null;
  occupantEmail: string | null;
  /** Live now, e.g. "Attend in pairs". */
  warnings: string[];
}

export interface PackOutstandingJob {
  reference: string;
  number: number;
  description: string;
  priority: TJobPriority;
  status: string;
  targetDate: string | null;
  siteName: string;
  postcode: string;
  clientName: string;
  /** Emergency or high priority, or due on or before the pack's first day. */
  urgent: boolean;
  nextVisit: { startsAt: string; engineers: string[] } | null;
}

const WEEKEND = new Set([0, 6]);
const isWorkingDay = (date: string) => !WEEKEND.has(new Date(`${date}T12:00:00Z`).getUTCDay());

/** Today (local) when it is a working day, then the next working day (weekends skipped). */
export function packDays(now: Date, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  let next = addDays(today, 1);
  while (!isWorkingDay(next)) next = addDays(next, 1);
  return isWorkingDay(today) ? [today, next] : [next];
}

const PRIORITY_RANK: Record<TJobPriority, number> = { emergency: 0, high: 1, normal: 2, low: 3 };
const addressLines = (s: { address1: string; address2: string | null; town: string | null }) => [s.address1, s.address2, s.town].filter((x): x is string => Boolean(x && x.trim()));

/**
 * Reads a tenant's pack contents at `now` in one read transaction (one consistent snapshot: a job
 * moved between two engineers mid-read appears once).
 */
export async function collectPackData(database: Database, tenantId: string, now: Date): Promise<PackData> {
  return database.read.transaction().execute(async (db) => {
    const tenant = await findTenantById(db, tenantId);
    if (!tenant) throw new Error(`No tenant ${tenantId}.`);
    const tz = tenant.timeZone;
    const nowIso = now.toISOString();
    const days = packDays(now, tz);
    const first = dayRangeUtc(days[0]!, tz).start;
    const end = dayRangeUtc(days.at(-1)!, tz).end;

    const [engineers, visits, clients, suppliers, contacts, sites, openJobs, upcoming, lastNumber, settings, activityTypes] = await Promise.all([
      repo.listEngineers(db, tenantId),
      repo.listVisitsBetween(db, tenantId, first, end),
      repo.listClients(db, tenantId),
      repo.listSuppliers(db, tenantId),
      repo.listContacts(db, tenantId),
      repo.listSites(db, tenantId),
      repo.listOpenJobs(db, tenantId),
      repo.listUpcomingVisits(db, tenantId, dayRangeUtc(localDate(now, tz), tz).start),
      repo.lastJobNumber(db, tenantId),
      repo.findSettings(db, tenantId),
      repo.listActivityTypes(db, tenantId),
    ]);
    const visitIds = visits.map((v) => v.visit_id);
    const upcomingIds = upcoming.map((v) => v.id);
    const [crews, warnings, assets, notes] = await Promise.all([
      repo.listVisitEngineers(db, tenantId, [...new Set([...visitIds, ...upcomingIds])]),
      repo.listSiteWarnings(db, tenantId, sites.map((s) => s.id)),
      repo.listAssets(db, tenantId, [...new Set(visits.map((v) => v.asset_id).filter((x): x is string => x !== null))]),
      repo.listJobNotes(db, tenantId, [...new Set(visits.map((v) => v.job_id))]),
    ]);

    const crewOf = groupBy(crews, (c) => c.visit_id);
    const contactsOf = groupBy(contacts, (c) => `${c.owner_kind}:${c.owner_id}`);
    const warningsOf = groupBy(warnings, (w) => w.site_id);
    const notesOf = groupBy(notes, (n) => n.job_id);
    const assetById = new Map(assets.map((a) => [a.id, a]));
    const liveAt = (w: (typeof warnings)[number], at: string) => w.valid_from <= at && (w.valid_until === null || w.valid_until > at);
    const contactOf = (kind: 'client' | 'supplier', id: string) =>
      (contactsOf.get(`${kind}:${id}`) ?? []).map((c) => ({ name: c.name, role: c.role, phone: c.phone, email: c.email }));

    const packVisits = new Map<string, PackVisit>();
    for (const v of visits) {
      const asset = v.asset_id ? assetById.get(v.asset_id) : undefined;
      const live = (warningsOf.get(v.site_id) ?? []).filter(
        (w) => w.visible_to_engineers === 1 && (w.asset_id === null || w.asset_id === v.asset_id) && liveAt(w, v.starts_at),
      );
      packVisits.set(v.visit_id, {
        visitId: v.visit_id,
        startsAt: v.starts_at,
        endsAt: v.ends_at,
        jobReference: jobReference(v.number),
        description: v.description,
        jobType: v.job_type,
        priority: v.priority as TJobPriority,
        targetDate: v.target_date,
        site: { name: v.site_name, address: addressLines(v), postcode: v.postcode, accessNotes: v.access_notes, occupantName: v.occupant_name, occupantPhone: v.occupant_phone },
        client: { name: v.client_name, phone: v.client_phone, contact: contactOf('client', v.client_id)[0] ?? null },
        asset: asset ? describeAsset(asset) : null,
        warnings: sortWarnings(live.map((w) => ({ typeName: w.type_name, text: w.text, severity: w.severity as TSeverity, validFrom: w.valid_from, validUntil: w.valid_until }))).map(
          ({ typeName, text, severity, validUntil }) => ({ typeName, text, severity, validUntil: validUntil && localDate(validUntil, tz) }),
        ),
        engineers: (crewOf.get(v.visit_id) ?? []).map((c) => c.name),
        notes: (notesOf.get(v.job_id) ?? []).slice(0, 3).map((n) => ({ text: n.text, author: n.author_name, at: n.at })),
      });
    }

    const packEngineers: PackData['engineers'] = engineers.map((e) => ({
      id: e.id,
      name: e.name,
      days: days.map((date) => ({
        date,
        visits: visits
          .filter((v) => localDate(v.starts_at, tz) === date && (crewOf.get(v.visit_id) ?? []).some((c) => c.engineer_id === e.id))
          .map((v) => packVisits.get(v.visit_id)!),
      })),
    }));

    const nextVisitOf = new Map<string, { startsAt: string; engineers: string[] }>();
    for (const v of upcoming) if (!nextVisitOf.has(v.job_id)) nextVisitOf.set(v.job_id, { startsAt: v.starts_at, engineers: (crewOf.get(v.id) ?? []).map((c) => c.name) });
    const outstanding: PackOutstandingJob[] = openJobs
      .map((j) => ({
        reference: jobReference(j.number),
        number: j.number,
        description: j.description,
        priority: j.priority as TJobPriority,
        status: j.status,
        targetDate: j.target_date,
        siteName: j.site_name,
        postcode: j.postcode,
        clientName: j.client_name,
        urgent: j.priority === 'emergency' || j.priority === 'high' || (j.target_date !== null && j.target_date <= days[0]!),
        nextVisit: nextVisitOf.get(j.id) ?? null,
      }))
      .sort(byDueDate);

    return {
      tenant,
      generatedAt: nowIso,
      days,
      engineers: packEngineers,
      clients: clients.map((c) => ({ name: c.name, address: c.address, phone: c.phone, email: c.email, contacts: contactOf('client', c.id) })),
      suppliers: suppliers.map((s) => ({ name: s.name, address: s.address, phone: s.phone, email: s.email, contacts: contactOf('supplier', s.id) })),
      sites: sites.map((s) => ({
        name: s.name,
        clientName: s.client_name,
        address: addressLines(s),
        postcode: s.postcode,
        accessNotes: s.access_notes,
        occupantName: s.occupant_name,
        occupantPhone: s.occupant_phone,
        occupantEmail: s.occupant_email,
        warnings: (warningsOf.get(s.id) ?? []).filter((w) => liveAt(w, nowIso)).map((w) => (w.text ? `${w.type_name}: ${w.text}` : w.type_name)),
      })),
      outstanding,
      activityTypes: activityTypes.map((a) => a.name),
      nextJobNumber: lastNumber + 1,
      customerScript: settings?.customer_script ?? DEFAULT_CUSTOMER_SCRIPT,
      backUpChecklist: settings?.back_up_checklist ?? DEFAULT_BACK_UP_CHECKLIST,
    };
  });
}

function describeAsset(a: { type: string; make: string | null; model: string | null; serial: string | null; location: string | null }): string {
  const makeModel = [a.make, a.model].filter(Boolean).join(' ');
  return `${a.type}${makeModel ? `: ${makeModel}` : ''}${a.serial ? ` (serial ${a.serial})` : ''}${a.location ? ` — ${a.location}` : ''}`;
}

/** Due date first (none last), then the most urgent priority, then the oldest job number. */
export function byDueDate(a: PackOutstandingJob, b: PackOutstandingJob): number {
  if (a.targetDate !== b.targetDate) {
    if (a.targetDate === null) return 1;
    if (b.targetDate === null) return -1;
    return a.targetDate < b.targetDate ? -1 : 1;
  }
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.number - b.number;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
