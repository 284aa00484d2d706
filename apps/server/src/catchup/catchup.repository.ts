import { jobReference, type TRole } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

type Reader = Kysely<DB> | Transaction<DB>;

export interface JobRef {
  id: string;
  number: number;
  reference: string;
  siteName: string;
  postcode: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job as written on a paper sheet: `J-000123`, `J123`, `123`, or its id. */
export async function findJobByRef(db: Reader, tenantId: string, ref: string): Promise<JobRef | undefined> {
  const text = ref.trim();
  let q = db
    .selectFrom('jobs as j')
    .innerJoin('sites as s', 's.id', 'j.site_id')
    .select(['j.id', 'j.number', 's.name as site_name', 's.postcode'])
    .where('j.tenant_id', '=', tenantId);
  if (UUID.test(text)) q = q.where('j.id', '=', text.toLowerCase());
  else {
    const m = /^(?:J\s*-?\s*)?0*(\d{1,9})$/i.exec(text);
    if (!m) return undefined;
    q = q.where('j.number', '=', Number(m[1]));
  }
  const row = await q.executeTakeFirst();
  return row && { id: row.id, number: row.number, reference: jobReference(row.number), siteName: row.site_name, postcode: row.postcode };
}

export interface Person {
  id: string;
  name: string;
  login: string;
  email: string | null;
  role: TRole;
}

export async function listPeople(db: Reader, tenantId: string): Promise<Person[]> {
  const rows = await db.selectFrom('users').select(['id', 'name', 'login', 'email', 'role']).where('tenant_id', '=', tenantId).execute();
  return rows.map((r) => ({ ...r, role: r.role as TRole }));
}

export async function listActivityTypes(db: Reader, tenantId: string): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('activity_types').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('position').execute();
}

export interface EngineerVisit {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  arrivedAt: string | null;
  departedAt: string | null;
}

/** The visits of a job the engineer is on, with that engineer's own arrival and departure. */
export async function engineerVisitsOfJob(db: Reader, tenantId: string, jobId: string, engineerId: string): Promise<EngineerVisit[]> {
  const rows = await db
    .selectFrom('visits as v')
    .innerJoin('visit_engineers as ve', 've.visit_id', 'v.id')
    .select(['v.id', 'v.starts_at', 'v.ends_at', 'v.status', 've.arrived_at', 've.departed_at'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.job_id', '=', jobId)
    .where('ve.engineer_id', '=', engineerId)
    .orderBy('v.starts_at')
    .execute();
  return rows.map((r) => ({ id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, status: r.status, arrivedAt: r.arrived_at, departedAt: r.departed_at }));
}

export async function jobNotes(db: Reader, tenantId: string, jobId: string): Promise<Array<{ id: string; text: string; authorName: string | null; at: string }>> {
  const rows = await db.selectFrom('job_notes').select(['id', 'text', 'author_name', 'at']).where('tenant_id', '=', tenantId).where('job_id', '=', jobId).orderBy('at').execute();
  return rows.map((r) => ({ id: r.id, text: r.text, authorName: r.author_name, at: r.at }));
}

export interface TimeEntryRow {
  id: string;
  activityTypeId: string;
  startedAt: string;
  endedAt: string;
  note: string | null;
}

/** A person's time entries overlapping [start, end). */
export async function overlappingTimeEntries(db: Reader, tenantId: string, userId: string, start: string, end: string): Promise<TimeEntryRow[]> {
  const rows = await db
    .selectFrom('time_entries')
    .select(['id', 'activity_type_id', 'started_at', 'ended_at', 'note'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('started_at', '<', end)
    .where('ended_at', '>', start)
    .orderBy('started_at')
    .execute();
  return rows.map((r) => ({ id: r.id, activityTypeId: r.activity_type_id, startedAt: r.started_at, endedAt: r.ended_at, note: r.note }));
}
