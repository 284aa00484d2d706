import type { TOutage, TOutageNotice, TOutageNotifyRequest, TOutageRecipient, TRole } from '@fieldkeep/domain';
import { ZOutageNotifyRequest } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { createTransport, PermanentMailError, type MailTransport } from '../mail/transport.js';
import * as packRepo from '../pack/pack.repository.js';
import { getPackSettings, packBlobStore, packRowToPack } from '../pack/pack.service.js';
import type { ReplicationHub } from '../replication/hub.js';
import type { ServerState } from '../replication/state.js';
import { outageEmail, outageProcedure } from './outage.texts.js';

/** Office staff run the drill; engineers are told by it. */
const DRILL_ROLES = ['admin', 'office'] as const;
/** Who is emailed: everyone who works for the contractor (not client portal users). */
const STAFF_ROLES: readonly TRole[] = ['admin', 'office', 'engineer'];

/**
 * When the outage was declared: the primary unreachable for `afterMin` minutes by `now`.
 * Null on a primary, while the primary answers, and before the threshold.
 */
export function outageDeclaredAt(replica: Pick<NonNullable<ServerState['replica']>, 'unreachableSince'> | null | undefined, afterMin: number, now: Date): string | null {
  if (!replica?.unreachableSince) return null;
  const at = Date.parse(replica.unreachableSince) + afterMin * 60_000;
  return now.getTime() >= at ? new Date(at).toISOString() : null;
}

const fillCompany = (text: string, company: string) => text.replaceAll('{company}', company);

async function tenantOf(ctx: AppContext, tenantId: string): Promise<{ name: string; timeZone: string }> {
  const t = await ctx.database.read.selectFrom('tenants').select(['name', 'time_zone']).where('id', '=', tenantId).executeTakeFirst();
  return { name: t?.name ?? 'Your company', timeZone: t?.time_zone ?? 'UTC' };
}

async function listStaff(ctx: AppContext, tenantId: string) {
  const rows = await ctx.database.read
    .selectFrom('users')
    .select(['id', 'name', 'role', 'email'])
    .where('tenant_id', '=', tenantId)
    .where('disabled_at', 'is', null)
    .where('role', 'in', STAFF_ROLES)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, role: r.role as TRole, email: r.email }));
}

async function listNotices(ctx: AppContext, tenantId: string, limit = 20): Promise<TOutageNotice[]> {
  const rows = await ctx.database.read.selectFrom('outage_notices').selectAll().where('tenant_id', '=', tenantId).orderBy('sent_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    sentAt: r.sent_at,
    byName: r.by_name,
    outageSince: r.outage_since,
    note: r.note,
    transport: r.transport,
    recipients: JSON.parse(r.recipients) as TOutageRecipient[],
  }));
}

/** `GET /api/outage`: the Outage page — on a primary too, where it says what would happen. */
export async function outageState(ctx: AppContext, hub: ReplicationHub, actor: Actor | undefined): Promise<TOutage> {
  const a = requireRole(actor, ...DRILL_ROLES);
  const s = hub.state;
  const replica = s.role === 'replica' ? s.replica : null;
  const [tenant, settings, staff, notices, packs] = await Promise.all([
    tenantOf(ctx, a.tenantId),
    getPackSettings(ctx, a),
    listStaff(ctx, a.tenantId),
    listNotices(ctx, a.tenantId),
    packRepo.listPacks(ctx.database.read, a.tenantId, 5),
  ]);
  // The newest pack whose zip this server holds (a replica may still be fetching the newest one).
  const store = packBlobStore(ctx.config.dataDir);
  const held = packs.find((p) => store.exists(p.sha256));
  const pack = held ? packRowToPack(held) : null;
  return {
    role: s.role,
    afterMinutes: ctx.config.outageAfterMin,
    primaryUrl: replica?.primaryUrl ?? null,
    lastUpdateAt: replica?.lastUpdateAt ?? null,
    unreachableSince: replica?.unreachableSince ?? null,
    declaredAt: outageDeclaredAt(replica, ctx.config.outageAfterMin, ctx.clock.now()),
    procedure: outageProcedure(tenant.name, ctx.config.outageAfterMin),
    customerScript: fillCompany(settings.customerScript, tenant.name),
    backUpChecklist: fillCompany(settings.backUpChecklist, tenant.name),
    latestPack: pack ? { id: pack.id, createdAt: pack.createdAt, fileName: pack.fileName, size: pack.size, days: pack.summary.days } : null,
    mail: ctx.config.smtpUrl ? 'smtp' : 'file',
    staff,
    notices,
  };
}

/** Error codes of a mail server that could not be reached at all: the rest of the list would fail the same way. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ESOCKET', 'ECONNECTION', 'EDNS']);

/**
 * `POST /api/outage/notify`: emails every member of staff with an address that the system is down and
 * what to do, straight through this server's SMTP_URL (a replica runs no outbox: the primary does).
 * Only while the primary is unreachable. Recorded with each recipient's outcome in `outage_notices`.
 */
export async function notifyStaff(
  ctx: AppContext,
  hub: ReplicationHub,
  actor: Actor | undefined,
  input: TOutageNotifyRequest,
  transportFor: () => MailTransport = () => createTransport({ smtpUrl: ctx.config.smtpUrl, from: ctx.config.smtpFrom, dataDir: ctx.config.dataDir }),
): Promise<TOutageNotice> {
  const a = requireRole(actor, ...DRILL_ROLES);
  const body = ZOutageNotifyRequest.parse(input);
  const s = hub.state;
  if (s.role !== 'replica' || !s.replica) {
    throw new AppError('conflict', 'This server is the primary: staff are emailed from an office replica while the primary cannot be reached.');
  }
  const since = s.replica.unreachableSince;
  if (!since) throw new AppError('conflict', 'The primary answers this replica: there is no outage to tell staff about.');
  const earlier = (await listNotices(ctx, a.tenantId, 50)).find((n) => n.outageSince === since);
  if (earlier && !body.again) {
    throw new AppError('conflict', `Staff were already emailed about this outage (${earlier.sentAt} by ${earlier.byName}). Send again to email them once more.`);
  }

  const [tenant, staff, me] = await Promise.all([
    tenantOf(ctx, a.tenantId),
    listStaff(ctx, a.tenantId),
    ctx.database.read.selectFrom('users').select('name').where('id', '=', a.userId).executeTakeFirst(),
  ]);
  const byName = me?.name ?? a.login;
  const recipients: TOutageRecipient[] = [];
  const transport = transportFor();
  let unreachable: string | null = null;
  try {
    for (const person of staff) {
      const base = { userId: person.userId, name: person.name, role: person.role, email: person.email };
      if (!person.email) {
        recipients.push({ ...base, outcome: 'no_email', error: null });
        continue;
      }
      if (unreachable) {
        recipients.push({ ...base, outcome: 'failed', error: `Not tried: ${unreachable}` });
        continue;
      }
      const msg = outageEmail({ company: tenant.name, timeZone: tenant.timeZone, to: person, since, byName, note: body.note ?? null, replicaUrl: ctx.config.publicUrl });
      try {
        await transport.send(newId(), { to: person.email, ...msg });
        recipients.push({ ...base, outcome: 'sent', error: null });
      } catch (err) {
        const e = err as Error & { code?: string };
        const message = e.message.slice(0, 300);
        recipients.push({ ...base, outcome: 'failed', error: message });
        if (!(err instanceof PermanentMailError) && e.code && UNREACHABLE.has(e.code)) unreachable = `the mail server could not be reached (${message})`;
      }
    }
  } finally {
    transport.close();
  }

  const notice: TOutageNotice = {
    id: newId(),
    sentAt: ctx.clock.now().toISOString(),
    byName,
    outageSince: since,
    note: body.note ? body.note : null,
    transport: transport.name === 'smtp' ? 'smtp' : 'file',
    recipients,
  };
  await ctx.database.db
    .insertInto('outage_notices')
    .values({
      id: notice.id,
      tenant_id: a.tenantId,
      sent_at: notice.sentAt,
      by_user_id: a.userId,
      by_name: byName,
      outage_since: since,
      note: notice.note,
      transport: notice.transport,
      recipients: JSON.stringify(recipients),
    })
    .execute();
  const sent = recipients.filter((r) => r.outcome === 'sent').length;
  ctx.log.warn({ tenantId: a.tenantId, by: a.login, sent, failed: recipients.filter((r) => r.outcome === 'failed').length }, 'outage: staff emailed from the replica');
  return notice;
}
