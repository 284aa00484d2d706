import { dayRangeUtc, formatAnswer, jobReference, localDate, minutesBetween, type TFormAnswers, type TFormDefinition } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findTenantById } from '../tenants/tenants.repository.js';

export interface Report {
  columns: string[];
  rows: string[][];
}

const localTime = (iso: string, tz: string) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** ISO week of a calendar date, e.g. 2026-W48 (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: string): string {
  // The Thursday of the date's week decides the year; the week number counts from that year's start.
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

async function scope(ctx: AppContext, actor: Actor | undefined, from: string, to: string) {
  const a = requireRole(actor, 'admin', 'office');
  const tz = (await findTenantById(ctx.database.read, a.tenantId))?.timeZone ?? 'UTC';
  return { a, tz, start: dayRangeUtc(from, tz).start, end: dayRangeUtc(to, tz).end };
}

/** Start-of-day answers by engineer and day: one column per question (by id, across versions). */
export async function startOfDayReport(ctx: AppContext, actor: Actor | undefined, from: string, to: string): Promise<Report> {
  const { a } = await scope(ctx, actor, from, to);
  const rows = await ctx.database.read
    .selectFrom('form_submissions as s')
    .innerJoin('forms as f', 'f.id', 's.form_id')
    .innerJoin('form_versions as fv', (j) => j.onRef('fv.form_id', '=', 's.form_id').onRef('fv.version', '=', 's.form_version'))
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.day', 'u.name', 'f.name as form_name', 's.form_version', 's.answers', 's.outcomes', 'fv.definition'])
    .where('s.tenant_id', '=', a.tenantId)
    .where('f.kind', '=', 'start_of_day')
    .where('s.day', '>=', from)
    .where('s.day', '<=', to)
    .orderBy('s.day')
    .orderBy('u.name')
    .limit(20_000)
    .execute();
  const questions = new Map<string, string>();
  for (const r of rows) for (const q of (JSON.parse(r.definition) as TFormDefinition).questions) if (!questions.has(q.id)) questions.set(q.id, q.text);
  const ids = [...questions.keys()];
  return {
    columns: ['Day', 'Engineer', 'Form', 'Version', ...ids.map((id) => questions.get(id)!), 'Alerts'],
    rows: rows.map((r) => {
      const def = JSON.parse(r.definition) as TFormDefinition;
      const answers = JSON.parse(r.answers) as TFormAnswers;
      const cell = (id: string) => {
        const q = def.questions.find((x) => x.id === id);
        const v = answers[id];
        return q && v !== undefined && v !== null ? formatAnswer(q, v) : '';
      };
      const alerts = (JSON.parse(r.outcomes) as Array<{ effect: string; message: string }>).filter((o) => o.effect === 'alert_office').map((o) => o.message);
      return [r.day ?? '', r.name, r.form_name, String(r.form_version), ...ids.map(cell), alerts.join('; ')];
    }),
  };
}

/** Aborted visits with their reasons and, where a form stopped them, its answers. */
export async function abortedVisitsReport(ctx: AppContext, actor: Actor | undefined, from: string, to: string): Promise<Report> {
  const { a, tz, start, end } = await scope(ctx, actor, from, to);
  const visits = await ctx.database.read
    .selectFrom('visits as v')
    .innerJoin('jobs as j', 'j.id', 'v.job_id')
    .innerJoin('sites as s', 's.id', 'j.site_id')
    .select(['v.id', 'v.starts_at', 'v.abort_reason', 'j.number', 's.name as site_name', 's.postcode'])
    .where('v.tenant_id', '=', a.tenantId)
    .where('v.status', '=', 'aborted')
    .where('v.starts_at', '>=', start)
    .where('v.starts_at', '<', end)
    .orderBy('v.starts_at')
    .limit(20_000)
    .execute();
  const ids = visits.map((v) => v.id);
  const crew = ids.length ? await ctx.database.read.selectFrom('visit_engineers as ve').innerJoin('users as u', 'u.id', 've.engineer_id').select(['ve.visit_id', 'u.name']).where('ve.visit_id', 'in', ids).execute() : [];
  const subs = ids.length
    ? await ctx.database.read
        .selectFrom('form_submissions as s')
        .innerJoin('form_versions as fv', (j) => j.onRef('fv.form_id', '=', 's.form_id').onRef('fv.version', '=', 's.form_version'))
        .select(['s.visit_id', 's.answers', 's.outcomes', 'fv.definition'])
        .where('s.visit_id', 'in', ids)
        .execute()
    : [];
  return {
    columns: ['Date', 'Time', 'Job', 'Site', 'Postcode', 'Engineers', 'Reason', 'Stopped by form', 'Answers'],
    rows: visits.map((v) => {
      const stopping = subs.find((s) => s.visit_id === v.id && (JSON.parse(s.outcomes) as Array<{ effect: string }>).some((o) => o.effect === 'abort_visit'));
      let form = '';
      let answers = '';
      if (stopping) {
        const def = JSON.parse(stopping.definition) as TFormDefinition;
        const ans = JSON.parse(stopping.answers) as TFormAnswers;
        form = `${def.name} (version ${def.version})`;
        answers = def.questions.filter((q) => ans[q.id] !== undefined && ans[q.id] !== null).map((q) => `${q.text} ${formatAnswer(q, ans[q.id]!)}`).join('; ');
      }
      return [localDate(v.starts_at, tz), localTime(v.starts_at, tz), jobReference(v.number), v.site_name, v.postcode, crew.filter((c) => c.visit_id === v.id).map((c) => c.name).join(', '), v.abort_reason ?? '', form, answers];
    }),
  };
}

/** Non-productive time by ISO week, engineer and activity, in hours, with a total per week and overall. */
export async function nonProductiveTimeReport(ctx: AppContext, actor: Actor | undefined, from: string, to: string): Promise<Report> {
  const { a, tz, start, end } = await scope(ctx, actor, from, to);
  const entries = await ctx.database.read
    .selectFrom('time_entries as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('activity_types as at', 'at.id', 't.activity_type_id')
    .select(['t.started_at', 't.ended_at', 'u.name as engineer', 'at.name as activity'])
    .where('t.tenant_id', '=', a.tenantId)
    .where('t.started_at', '>=', start)
    .where('t.started_at', '<', end)
    .limit(50_000)
    .execute();
  const sums = new Map<string, number>();
  for (const e of entries) {
    const key = [isoWeek(localDate(e.started_at, tz)), e.engineer, e.activity].join('\u0000');
    sums.set(key, (sums.get(key) ?? 0) + minutesBetween(e.started_at, e.ended_at));
  }
  const hours = (m: number) => (m / 60).toFixed(2);
  const keys = [...sums.keys()].sort();
  const rows: string[][] = [];
  let week = '';
  let weekTotal = 0;
  let total = 0;
  for (const k of keys) {
    const [w, engineer, activity] = k.split('\u0000') as [string, string, string];
    if (week && w !== week) {
      rows.push([week, 'All engineers', 'Week total', hours(weekTotal)]);
      weekTotal = 0;
    }
    week = w;
    const m = sums.get(k)!;
    weekTotal += m;
    total += m;
    rows.push([w, engineer, activity, hours(m)]);
  }
  if (week) rows.push([week, 'All engineers', 'Week total', hours(weekTotal)]);
  rows.push(['All weeks', 'All engineers', 'Total', hours(total)]);
  return { columns: ['Week', 'Engineer', 'Activity', 'Hours'], rows };
}
