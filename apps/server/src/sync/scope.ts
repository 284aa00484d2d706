import { addDays, dayRangeUtc, jobReference, localDate, type TSyncEntity } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { DB } from '../db/schema.js';
import { formsForVisit, listFormRules } from '../forms/forms.repository.js';

type Reader = Kysely<DB> | Transaction<DB>;

export interface ScopedRecord {
  entity: TSyncEntity;
  id: string;
  data: Record<string, unknown>;
}

/**
 * Everything a device should hold right now, evaluated at pull time (DESIGN.md "Sync protocol v1"):
 * for an engineer, their visits from yesterday to 14 days ahead (tenant time zone), those jobs with
 * their notes and attachments, the sites and their assets, the live warnings engineers may see,
 * the published forms and activity types, and their own time entries and form submissions of the
 * last fortnight. Office users (office replicas later) get the forms and activity types.
 */
export async function recordsInScope(db: Reader, a: Actor, now: Date, timeZone: string): Promise<ScopedRecord[]> {
  const nowIso = now.toISOString();
  const today = localDate(now, timeZone);
  const from = dayRangeUtc(addDays(today, -1), timeZone).start;
  const to = dayRangeUtc(addDays(today, 14), timeZone).end;
  const out: ScopedRecord[] = [];
  const t = a.tenantId;

  // Forms in use, as their current published version (older versions stay valid for answers).
  const forms = await db
    .selectFrom('forms as f')
    .innerJoin('form_versions as v', (j) => j.onRef('v.form_id', '=', 'f.id').onRef('v.version', '=', 'f.current_version'))
    .select(['f.id', 'f.kind', 'v.definition'])
    .where('f.tenant_id', '=', t)
    .where('f.active', '=', 1)
    .execute();
  for (const f of forms) out.push({ entity: 'form', id: f.id, data: { ...(JSON.parse(f.definition) as Record<string, unknown>), active: true } });
  const activeForms = new Map(forms.map((f) => [f.id, { kind: f.kind }]));
  const types = await db.selectFrom('activity_types').selectAll().where('tenant_id', '=', t).orderBy('position').execute();
  for (const at of types) out.push({ entity: 'activityType', id: at.id, data: { id: at.id, name: at.name, active: at.active === 1 } });
  if (a.role !== 'engineer') return out;

  const visits = await db
    .selectFrom('visits as v')
    .innerJoin('visit_engineers as mine', 'mine.visit_id', 'v.id')
    .select(['v.id', 'v.job_id', 'v.starts_at', 'v.ends_at', 'v.status', 'v.abort_reason'])
    .where('v.tenant_id', '=', t)
    .where('mine.engineer_id', '=', a.userId)
    .where('v.starts_at', '<', to)
    .where('v.ends_at', '>', from)
    .orderBy('v.starts_at')
    .execute();
  const visitIds = visits.map((v) => v.id);
  const crew = visitIds.length
    ? await db.selectFrom('visit_engineers as ve').innerJoin('users as u', 'u.id', 've.engineer_id').select(['ve.visit_id', 'u.id', 'u.name']).where('ve.visit_id', 'in', visitIds).orderBy('u.name').execute()
    : [];
  const jobIds = [...new Set(visits.map((v) => v.job_id))];
  if (jobIds.length === 0) return out.concat(await ownRecords(db, a, nowIso));

  const jobs = await db
    .selectFrom('jobs as j')
    .innerJoin('clients as c', 'c.id', 'j.client_id')
    .select(['j.id', 'j.number', 'j.site_id', 'j.asset_id', 'j.client_id', 'c.name as client_name', 'j.description', 'j.job_type', 'j.priority', 'j.status', 'j.required_skills'])
    .where('j.tenant_id', '=', t)
    .where('j.id', 'in', jobIds)
    .execute();
  for (const j of jobs) {
    out.push({
      entity: 'job',
      id: j.id,
      data: { id: j.id, reference: jobReference(j.number), siteId: j.site_id, assetId: j.asset_id, clientName: j.client_name, description: j.description, jobType: j.job_type, priority: j.priority, status: j.status, requiredSkills: JSON.parse(j.required_skills) as string[] },
    });
  }
  const siteIds = [...new Set(jobs.map((j) => j.site_id))];
  const sites = await db.selectFrom('sites').selectAll().where('tenant_id', '=', t).where('id', 'in', siteIds).execute();
  for (const s of sites) {
    out.push({
      entity: 'site',
      id: s.id,
      data: { id: s.id, name: s.name, address1: s.address1, address2: s.address2, town: s.town, postcode: s.postcode, lat: s.lat, lng: s.lng, accessNotes: s.access_notes, occupantName: s.occupant_name, occupantPhone: s.occupant_phone },
    });
  }
  const assets = await db.selectFrom('assets').selectAll().where('tenant_id', '=', t).where('site_id', 'in', siteIds).execute();
  for (const x of assets) out.push({ entity: 'asset', id: x.id, data: { id: x.id, siteId: x.site_id, type: x.type, make: x.make, model: x.model, serial: x.serial, location: x.location } });
  const warnings = await db
    .selectFrom('warnings as w')
    .innerJoin('warning_types as wt', 'wt.id', 'w.type_id')
    .select(['w.id', 'w.site_id', 'w.asset_id', 'wt.key', 'wt.name', 'w.text', 'w.severity', 'w.valid_from', 'w.valid_until'])
    .where('w.tenant_id', '=', t)
    .where('w.site_id', 'in', siteIds)
    .where('w.visible_to_engineers', '=', 1)
    .where('w.removed_at', 'is', null)
    .where('w.valid_from', '<=', nowIso)
    .where((eb) => eb.or([eb('w.valid_until', 'is', null), eb('w.valid_until', '>', nowIso)]))
    .execute();
  for (const w of warnings) {
    out.push({
      entity: 'warning',
      id: w.id,
      data: { id: w.id, siteId: w.site_id, assetId: w.asset_id, typeKey: w.key, typeName: w.name, text: w.text, severity: w.severity, validFrom: w.valid_from, validUntil: w.valid_until },
    });
  }
  // Each visit with the forms it needs: the tenant's rules against the job and every live warning
  // type on its site (visible to engineers or not: an office-only warning can still call for a form).
  const rules = await listFormRules(db, t);
  const allWarnings = await db
    .selectFrom('warnings as w')
    .innerJoin('warning_types as wt', 'wt.id', 'w.type_id')
    .select(['w.site_id', 'wt.key'])
    .where('w.tenant_id', '=', t)
    .where('w.site_id', 'in', siteIds)
    .where('w.removed_at', 'is', null)
    .where('w.valid_from', '<=', nowIso)
    .where((eb) => eb.or([eb('w.valid_until', 'is', null), eb('w.valid_until', '>', nowIso)]))
    .execute();
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  for (const v of visits) {
    const engineers = crew.filter((c) => c.visit_id === v.id).map((c) => ({ id: c.id, name: c.name }));
    const job = jobById.get(v.job_id);
    const formIds = job
      ? formsForVisit(rules, activeForms, { jobType: job.job_type, clientId: job.client_id, warningTypeKeys: allWarnings.filter((w) => w.site_id === job.site_id).map((w) => w.key) })
      : [];
    out.push({ entity: 'visit', id: v.id, data: { id: v.id, jobId: v.job_id, startsAt: v.starts_at, endsAt: v.ends_at, status: v.status, engineers, abortReason: v.abort_reason, formIds } });
  }
  const notes = await db.selectFrom('job_notes').selectAll().where('tenant_id', '=', t).where('job_id', 'in', jobIds).execute();
  for (const n of notes) out.push({ entity: 'jobNote', id: n.id, data: { id: n.id, jobId: n.job_id, text: n.text, authorName: n.author_name, at: n.at } });
  const files = await db.selectFrom('attachments').selectAll().where('tenant_id', '=', t).where('job_id', 'in', jobIds).execute();
  for (const f of files) {
    out.push({ entity: 'attachment', id: f.id, data: { id: f.id, jobId: f.job_id, visitId: f.visit_id, kind: f.kind, sha256: f.sha256, contentType: f.content_type, size: f.size, at: f.at } });
  }
  return out.concat(await ownRecords(db, a, nowIso));
}

async function ownRecords(db: Reader, a: Actor, nowIso: string): Promise<ScopedRecord[]> {
  const since = new Date(Date.parse(nowIso) - 14 * 86_400_000).toISOString();
  const out: ScopedRecord[] = [];
  const entries = await db.selectFrom('time_entries').selectAll().where('tenant_id', '=', a.tenantId).where('user_id', '=', a.userId).where('started_at', '>=', since).execute();
  for (const e of entries) out.push({ entity: 'timeEntry', id: e.id, data: { id: e.id, activityTypeId: e.activity_type_id, startedAt: e.started_at, endedAt: e.ended_at, note: e.note } });
  const subs = await db.selectFrom('form_submissions').selectAll().where('tenant_id', '=', a.tenantId).where('user_id', '=', a.userId).where('at', '>=', since).execute();
  for (const f of subs) {
    out.push({
      entity: 'formSubmission',
      id: f.id,
      data: { id: f.id, formId: f.form_id, formVersion: f.form_version, visitId: f.visit_id, day: f.day, answers: JSON.parse(f.answers) as unknown, outcomes: JSON.parse(f.outcomes) as unknown, at: f.at },
    });
  }
  return out;
}
