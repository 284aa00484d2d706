import { localDate } from '@fieldkeep/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';

export type ActivityKind = 'sync' | 'web';

const SYNC_PATHS = new Set(['/api/sync/push', '/api/sync/pull']);

/**
 * The months each user was active, for the licences report: one `user_activity` row per user,
 * month (in the tenant's time zone) and kind — `sync` (a phone pushed or pulled) or `web` (any
 * other signed-in use of the API). Sign-ins themselves are in the audit log already.
 *
 * Written after the answer has gone, at most once per user, month and kind (a per-process memo
 * skips the database after the first time), so it costs nothing on the busy path. Not on an office
 * replica: its copy of the table is the primary's.
 */
export class ActivityLedger {
  private readonly recorded = new Set<string>();

  constructor(private readonly ctx: AppContext) {}

  async record(who: { userId: string; tenantId: string; timeZone: string }, kind: ActivityKind): Promise<void> {
    const now = this.ctx.clock.now();
    const month = localDate(now, who.timeZone).slice(0, 7);
    const key = `${who.userId}|${month}|${kind}`;
    if (this.recorded.has(key)) return;
    await this.ctx.database.db
      .insertInto('user_activity')
      .values({ tenant_id: who.tenantId, user_id: who.userId, month, kind, first_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['user_id', 'month', 'kind']).doNothing())
      .execute();
    if (this.recorded.size >= 100_000) this.recorded.clear();
    this.recorded.add(key);
  }
}

/** Records activity after every successful signed-in API call (see ActivityLedger). */
export function installActivityLedger(app: ZApp, ctx: AppContext, opts: { isReplica: () => boolean }): ActivityLedger {
  const ledger = new ActivityLedger(ctx);
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const actor = req.actor;
    if (!actor || reply.statusCode >= 400 || opts.isReplica()) return;
    const url = req.url.split('?')[0] ?? '';
    if (!url.startsWith('/api/')) return;
    try {
      await ledger.record({ userId: actor.userId, tenantId: actor.tenantId, timeZone: actor.user.timeZone }, SYNC_PATHS.has(url) ? 'sync' : 'web');
    } catch (err) {
      // A report's input must never fail someone's work: log it and carry on.
      req.log.warn({ err }, 'could not record user activity for the licences report');
    }
  });
  return ledger;
}
