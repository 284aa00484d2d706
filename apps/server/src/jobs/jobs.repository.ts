import { jobReference, type TAttachment, type TJob, type TJobNote, type TJobPriority, type TJobStatus } from '@fieldkeep/domain';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, JobsTable } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;

/** The next job number of a tenant, drawn inside the write transaction (gap-free, never reused). */
export async function nextJobNumber(tx: WriteTx, tenantId: string): Promise<number> {
  // One statement, so a tenant's first jobs raised at the same moment cannot both try to insert.
  const row = await tx.trx
    .insertInto('job_counters')
    .values({ tenant_id: tenantId, last_number: 1 })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ last_number: eb('job_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

const jobColumns = [
  'j.id',
  'j.tenant_id',
  'j.number',
  'j.client_id',
  'j.site_id',
  'j.asset_id',
  'j.description',
  'j.job_type',
  'j.priority',
  'j.target_date',
  'j.required_skills',
  'j.required_engineers',
  'j.status',
  'j.created_at',
  'j.updated_at',
  'c.name as client_name',
  's.name as site_name',
  's.postcode as site_postcode',
] as const;

function selectJobs(db: Reader, tenantId: string) {
  return db
    .selectFrom('jobs as j')
    .innerJoin('clients as c', 'c.id', 'j.client_id')
    .innerJoin('sites as s', 's.id', 'j.site_id')
    .select(jobColumns)
    .where('j.tenant_id', '=', tenantId);
}

type JobRow = Awaited<ReturnType<ReturnType<typeof selectJobs>['executeTakeFirstOrThrow']>>;

export function jobRowToJob(r: JobRow, liveWarningCount: number): TJob {
  return {
    id: r.id,
    number: r.number,
    reference: jobReference(r.number),
    clientId: r.client_id,
    clientName: r.client_name,
    siteId: r.site_id,
    siteName: r.site_name,
    sitePostcode: r.site_postcode,
    assetId: r.asset_id,
    description: r.description,
    jobType: r.job_type,
    priority: r.priority as TJobPriority,
    targetDate: r.target_date,
    requiredSkills: JSON.parse(r.required_skills) as string[],
    requiredEngineers: r.required_engineers,
    status: r.status as TJobStatus,
    liveWarningCount,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findJobRow(db: Reader, tenantId: string, id: string): Promise<JobRow | undefined> {
  return selectJobs(db, tenantId).where('j.id', '=', id).executeTakeFirst();
}

export interface JobFilter {
  status?: TJobStatus;
  statuses?: readonly TJobStatus[];
  clientId?: string;
  siteId?: string;
  engineerId?: string;
  from?: { date: string; utc: string };
  to?: { date: string; utc: string };
  q?: string;
  /** Jobs with no visit still scheduled or under way (the dispatch board's side list). */
  unallocated?: boolean;
  limit: number;
  offset: number;
}

const PRIORITY_ORDER = sql<number>`case j.priority when 'emergency' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;

export async function listJobRows(db: Reader, tenantId: string, f: JobFilter): Promise<{ rows: JobRow[]; total: number }> {
  let q = selectJobs(db, tenantId);
  if (f.status) q = q.where('j.status', '=', f.status);
  if (f.statuses) q = q.where('j.status', 'in', f.statuses);
  if (f.clientId) q = q.where('j.client_id', '=', f.clientId);
  if (f.siteId) q = q.where('j.site_id', '=', f.siteId);
  if (f.engineerId) {
    const engineerId = f.engineerId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('visits as v')
          .innerJoin('visit_engineers as ve', 've.visit_id', 'v.id')
          .select('v.id')
          .whereRef('v.tenant_id', '=', 'j.tenant_id')
          .whereRef('v.job_id', '=', 'j.id')
          .where('ve.engineer_id', '=', engineerId),
      ),
    );
  }
  // A date range matches a job with a visit in it, or (unvisited) a target date in it.
  if (f.from || f.to) {
    const from = f.from;
    const to = f.to;
    q = q.where((eb) => {
      let visitQ = eb.selectFrom('visits as v').select('v.id').whereRef('v.tenant_id', '=', 'j.tenant_id').whereRef('v.job_id', '=', 'j.id');
      if (from) visitQ = visitQ.where('v.ends_at', '>', from.utc);
      if (to) visitQ = visitQ.where('v.starts_at', '<', to.utc);
      const target = [eb('j.target_date', 'is not', null)];
      if (from) target.push(eb('j.target_date', '>=', from.date));
      if (to) target.push(eb('j.target_date', '<=', to.date));
      return eb.or([eb.exists(visitQ), eb.and(target)]);
    });
  }
  if (f.q) {
    const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    const digits = /^\s*(j-?)?0*(\d+)\s*$/i.exec(f.q);
    // `escape` named explicitly: SQLite has no default escape character for LIKE.
    const matches = (col: string) => sql<boolean>`lower(${sql.ref(col)}) like ${like} escape '\\'`;
    q = q.where((eb) =>
      eb.or([
        matches('j.description'),
        matches('s.name'),
        matches('s.postcode'),
        matches('s.address1'),
        matches('c.name'),
        ...(digits ? [eb('j.number', '=', Number(digits[2]))] : []),
      ]),
    );
  }
  if (f.unallocated) {
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('visits as v')
            .select('v.id')
            // Correlated on tenant too, so the (tenant_id, job_id) index serves the lookup.
            .whereRef('v.tenant_id', '=', 'j.tenant_id')
            .whereRef('v.job_id', '=', 'j.id')
            .where('v.status', 'in', ['scheduled', 'travelling', 'on_site', 'paused']),
        ),
      ),
    );
  }
  const totalRow = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await q
    .orderBy(PRIORITY_ORDER)
    .orderBy(sql`case when j.target_date is null then 1 else 0 end`)
    .orderBy('j.target_date')
    .orderBy('j.number', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(totalRow?.n ?? 0) };
}

export async function insertJob(tx: WriteTx, row: Omit<JobsTable, 'created_at' | 'updated_at'>): Promise<void> {
  await tx.trx.insertInto('jobs').values({ ...row, created_at: tx.now, updated_at: tx.now }).execute();
}

export async function updateJobRow(tx: WriteTx, tenantId: string, id: string, patch: Partial<Omit<JobsTable, 'id' | 'tenant_id'>>): Promise<void> {
  await tx.trx.updateTable('jobs').set({ ...patch, updated_at: tx.now }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function listJobNotes(db: Reader, tenantId: string, jobId: string, clientVisibleOnly: boolean): Promise<TJobNote[]> {
  let q = db.selectFrom('job_notes').selectAll().where('tenant_id', '=', tenantId).where('job_id', '=', jobId);
  if (clientVisibleOnly) q = q.where('client_visible', '=', 1);
  const rows = await q.orderBy('at').orderBy('id').limit(1000).execute();
  return rows.map((r) => ({ id: r.id, jobId: r.job_id, text: r.text, clientVisible: r.client_visible === 1, authorName: r.author_name, at: r.at }));
}

export async function insertJobNote(
  tx: WriteTx,
  n: { tenantId: string; jobId: string; text: string; clientVisible: boolean; authorId: string; authorName: string; id?: string; at?: string },
): Promise<TJobNote> {
  // A note written on a phone keeps the phone's id and the time it was written.
  const note: TJobNote = { id: n.id ?? newId(), jobId: n.jobId, text: n.text, clientVisible: n.clientVisible, authorName: n.authorName, at: n.at ?? tx.now };
  await tx.trx
    .insertInto('job_notes')
    .values({ id: note.id, tenant_id: n.tenantId, job_id: n.jobId, text: n.text, client_visible: n.clientVisible ? 1 : 0, author_id: n.authorId, author_name: n.authorName, at: note.at })
    .execute();
  tx.record({ tenantId: n.tenantId, entity: 'job_note', id: note.id, op: 'put', data: { ...note } });
  return note;
}

export async function listJobAttachments(db: Reader, tenantId: string, jobId: string): Promise<TAttachment[]> {
  const rows = await db
    .selectFrom('attachments as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .select(['a.id', 'a.job_id', 'a.visit_id', 'a.kind', 'a.sha256', 'a.content_type', 'a.size', 'a.at', 'u.name as created_by_name'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.job_id', '=', jobId)
    .orderBy('a.at')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    jobId: r.job_id,
    visitId: r.visit_id,
    kind: r.kind as TAttachment['kind'],
    sha256: r.sha256,
    contentType: r.content_type,
    size: r.size,
    at: r.at,
    createdByName: r.created_by_name,
  }));
}
