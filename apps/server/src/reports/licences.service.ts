import { localDate, zonedTimeToUtc, type TRole } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { findTenantById } from '../tenants/tenants.repository.js';
import type { Report } from './reports.service.js';

/**
 * Monthly active users by licence: engineers, office (admin and office staff) and client portal
 * users. A user counts in a month (the tenant's calendar) when, in that month, they signed in
 * (audit log; a session's start), used the apps with a session (user_activity `web`, a session's
 * last use) or synced a phone (user_activity `sync`, a device's last push or pull).
 *
 * user_activity is kept from the outage-tools migration on; before it only sign-ins (the audit
 * log) and each session's and device's *last* use were kept, so months before it count someone
 * who used a 30-day session without signing in again only in the month of that session's last use.
 * Roles are today's: a user whose role changed counts under the current one.
 */

export type Licence = 'engineer' | 'office' | 'client';
export const LICENCE_OF: Record<TRole, Licence> = { admin: 'office', office: 'office', engineer: 'engineer', client: 'client' };
const LICENCE_LABELS: Record<Licence, string> = { engineer: 'Engineers', office: 'Office (admin and office)', client: 'Client portal' };

type How = 'sign_in' | 'web' | 'sync';
const HOW_LABELS: Record<How, string> = { sign_in: 'Signed in', web: 'Used the apps', sync: 'Synced a phone' };

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to) return out;
    out.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

interface Activity {
  users: Map<string, { name: string; login: string; role: TRole }>;
  /** user → month → how */
  by: Map<string, Map<string, Set<How>>>;
}

async function readActivity(ctx: AppContext, tenantId: string, tz: string, from: string, to: string): Promise<Activity> {
  const db = ctx.database.read;
  const start = zonedTimeToUtc(`${from}-01`, '00:00', tz).toISOString();
  const end = zonedTimeToUtc(`${nextMonth(to)}-01`, '00:00', tz).toISOString();
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'name', 'login', 'role']).where('tenant_id', '=', tenantId).execute()).map((u) => [u.id, { name: u.name, login: u.login, role: u.role as TRole }]),
  );
  const by = new Map<string, Map<string, Set<How>>>();
  const add = (userId: string | null, month: string, how: How) => {
    if (!userId || !users.has(userId) || month < from || month > to) return;
    let months = by.get(userId);
    if (!months) by.set(userId, (months = new Map<string, Set<How>>()));
    let hows = months.get(month);
    if (!hows) months.set(month, (hows = new Set<How>()));
    hows.add(how);
  };
  const monthOf = (iso: string) => localDate(iso, tz).slice(0, 7);
  const inRange = (iso: string | null): iso is string => !!iso && iso >= start && iso < end;

  const signIns = await db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'at'])
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'auth.sign_in')
    .where('at', '>=', start)
    .where('at', '<', end)
    .execute();
  for (const r of signIns) add(r.actor_user_id, monthOf(r.at), 'sign_in');

  const sessions = await db
    .selectFrom('sessions')
    .select(['user_id', 'created_at', 'last_seen_at'])
    .where('tenant_id', '=', tenantId)
    .where('last_seen_at', '>=', start)
    .where('created_at', '<', end)
    .execute();
  for (const s of sessions) {
    if (inRange(s.created_at)) add(s.user_id, monthOf(s.created_at), 'sign_in');
    if (inRange(s.last_seen_at)) add(s.user_id, monthOf(s.last_seen_at), 'web');
  }

  const devices = await db.selectFrom('sync_clients').select(['user_id', 'last_push_at', 'last_pull_at']).where('tenant_id', '=', tenantId).execute();
  for (const d of devices) {
    if (inRange(d.last_push_at)) add(d.user_id, monthOf(d.last_push_at), 'sync');
    if (inRange(d.last_pull_at)) add(d.user_id, monthOf(d.last_pull_at), 'sync');
  }

  const ledger = await db.selectFrom('user_activity').select(['user_id', 'month', 'kind']).where('tenant_id', '=', tenantId).where('month', '>=', from).where('month', '<=', to).execute();
  for (const r of ledger) add(r.user_id, r.month, r.kind);
  return { users, by };
}

async function scope(ctx: AppContext, actor: Actor | undefined) {
  const a = requireRole(actor, 'admin', 'office');
  const tz = (await findTenantById(ctx.database.read, a.tenantId))?.timeZone ?? 'UTC';
  return { a, tz };
}

/** One row per month: active users per licence and in all. */
export async function licencesReport(ctx: AppContext, actor: Actor | undefined, from: string, to: string): Promise<Report> {
  const { a, tz } = await scope(ctx, actor);
  const { users, by } = await readActivity(ctx, a.tenantId, tz, from, to);
  const rows = monthsBetween(from, to).map((month) => {
    const counts: Record<Licence, number> = { engineer: 0, office: 0, client: 0 };
    for (const [userId, months] of by) if (months.has(month)) counts[LICENCE_OF[users.get(userId)!.role]]++;
    const total = counts.engineer + counts.office + counts.client;
    return [month, String(counts.engineer), String(counts.office), String(counts.client), String(total)];
  });
  return { columns: ['Month', LICENCE_LABELS.engineer, LICENCE_LABELS.office, LICENCE_LABELS.client, 'Total'], rows };
}

/** Who counted in one month, and why: the rows behind a month's numbers. */
export async function licenceUsersReport(ctx: AppContext, actor: Actor | undefined, month: string): Promise<Report> {
  const { a, tz } = await scope(ctx, actor);
  const { users, by } = await readActivity(ctx, a.tenantId, tz, month, month);
  const order: Licence[] = ['engineer', 'office', 'client'];
  const rows = [...by.entries()]
    .filter(([, months]) => months.has(month))
    .map(([userId, months]) => ({ u: users.get(userId)!, hows: months.get(month)! }))
    .sort((x, y) => order.indexOf(LICENCE_OF[x.u.role]) - order.indexOf(LICENCE_OF[y.u.role]) || x.u.name.localeCompare(y.u.name))
    .map(({ u, hows }) => [u.name, u.login, u.role, LICENCE_LABELS[LICENCE_OF[u.role]], (['sign_in', 'web', 'sync'] as How[]).filter((h) => hows.has(h)).map((h) => HOW_LABELS[h]).join('; ')]);
  return { columns: ['Name', 'Sign-in name', 'Role', 'Licence', 'Active by'], rows };
}
