import { z } from 'zod';
import { ZDeviceList, ZErrorBody, ZOk, ZRejectionList, type TDevice } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { appendAudit } from '../audit/audit.repository.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

/** Devices and refused mutations: what the office needs to see sync problems and repair them. */
export function registerDevicesRoutes(app: ZApp, ctx: AppContext): void {
  app.get('/api/devices', { schema: { tags: ['sync'], summary: 'Devices: last push and pull, app version, last error, refused changes (admin)', response: { 200: ZDeviceList, ...errors } } }, async (req) => {
    const a = requireRole(req.actor, 'admin');
    const rows = await ctx.database.read
      .selectFrom('sync_clients as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.client_id', 'c.user_id', 'u.name', 'c.last_mutation_id', 'c.created_at', 'c.last_push_at', 'c.last_pull_at', 'c.app_version', 'c.last_error', 'c.last_error_at', 'c.revoked_at'])
      .select((eb) =>
        eb.selectFrom('sync_rejections as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.client_id', '=', 'c.client_id').where('r.resolved_at', 'is', null).as('pending'),
      )
      .where('c.tenant_id', '=', a.tenantId)
      .orderBy('u.name')
      .limit(1000)
      .execute();
    const devices: TDevice[] = rows.map((r) => ({
      clientId: r.client_id,
      userId: r.user_id,
      userName: r.name,
      lastMutationId: r.last_mutation_id,
      createdAt: r.created_at,
      lastPushAt: r.last_push_at,
      lastPullAt: r.last_pull_at,
      appVersion: r.app_version,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      pendingRejections: Number(r.pending ?? 0),
      revokedAt: r.revoked_at,
    }));
    return { devices };
  });

  app.post(
    '/api/devices/:deviceId/revoke',
    {
      schema: {
        tags: ['sync'],
        summary: 'Sign a device out: it may still push what it holds, then gets 401 device_revoked and clears its data (admin)',
        params: z.object({ deviceId: z.string().min(8).max(100).regex(/^[\w-]+$/) }),
        body: z.object({}).strict().optional(),
        response: { 200: ZOk, ...errors },
      },
    },
    async (req) => {
      const a = requireRole(req.actor, 'admin');
      await withWriteTx(ctx.database, ctx.clock, async (tx) => {
        const r = await tx.trx.updateTable('sync_clients').set({ revoked_at: tx.now }).where('tenant_id', '=', a.tenantId).where('client_id', '=', req.params.deviceId).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw notFound('Device');
        await appendAudit(tx.trx, tx.now, { tenantId: a.tenantId, action: 'device.revoked', actorUserId: a.userId, actorLogin: a.login, subject: req.params.deviceId });
      });
      return { ok: true as const };
    },
  );

  app.get('/api/sync/rejections', { schema: { tags: ['sync'], summary: 'Changes from phones the server refused, kept whole for repair (admin, office)', response: { 200: ZRejectionList, ...errors } } }, async (req) => {
    const a = requireRole(req.actor, 'admin', 'office');
    const rows = await ctx.database.read
      .selectFrom('sync_rejections as r')
      .innerJoin('sync_clients as c', 'c.client_id', 'r.client_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['r.client_id', 'r.mutation_id', 'r.name', 'r.code', 'r.message', 'r.args', 'r.at', 'r.acked_at', 'u.name as user_name'])
      .where('r.tenant_id', '=', a.tenantId)
      .orderBy('r.at', 'desc')
      .limit(500)
      .execute();
    return {
      rejections: rows.map((r) => ({ clientId: r.client_id, userName: r.user_name, mutationId: r.mutation_id, name: r.name, code: r.code, message: r.message, args: JSON.parse(r.args) as unknown, at: r.at, ackedAt: r.acked_at })),
    };
  });
}
