import { z } from 'zod';
import { REPLICA_QUEUEABLE, ZErrorBody, ZId, ZReplicaQueueItem as ZQueueItem, ZServerState } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';
import { outageDeclaredAt } from '../outage/outage.service.js';
import type { ReplicationHub } from './hub.js';
import { enqueue, listQueue } from './queue.js';
import { createReplicationToken, listReplicationTokens, revokeReplicationToken } from './tokens.js';

const ZQueueRequest = z.object({ name: z.enum(REPLICA_QUEUEABLE), args: z.record(z.string(), z.unknown()), summary: z.string().trim().min(1).max(300) }).strict();

/**
 * `GET /api/server/state` — what every office page shows in its banner (replica, degraded,
 * superseded). `POST|GET /api/replica/queue` — office work recorded on a replica during an outage.
 * `PUT /api/server/ack` — an admin switches degraded acknowledgement on or off.
 */
export function registerServerStateRoutes(app: ZApp, ctx: AppContext, hub: ReplicationHub, instanceId: string): void {
  app.get(
    '/api/server/state',
    { schema: { tags: ['replication'], summary: 'This server’s role, acknowledgement mode and replica state (for the office banner)', response: { 200: ZServerState, 401: ZErrorBody } } },
    async (req) => {
      const a = requireRole(req.actor);
      const s = hub.state;
      let queued = 0;
      if (s.role === 'replica') {
        const r = await ctx.database.read.selectFrom('replica_queue').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', a.tenantId).where('state', '=', 'queued').executeTakeFirst();
        queued = Number(r?.n ?? 0);
      }
      const head = a.role === 'admin' ? Number((await ctx.database.read.selectFrom('repl_tx').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst())?.p ?? 0) : 0;
      return {
        role: s.role,
        epoch: s.epoch,
        ack: hub.ackMode,
        degraded: s.degraded,
        superseded: s.superseded,
        replica: s.replica
          ? {
              primaryUrl: s.replica.primaryUrl,
              lastUpdateAt: s.replica.lastUpdateAt,
              unreachableSince: s.replica.unreachableSince,
              lastError: a.role === 'admin' ? s.replica.lastError : null,
              queued,
              outageAfterMinutes: ctx.config.outageAfterMin,
              outageDeclaredAt: outageDeclaredAt(s.replica, ctx.config.outageAfterMin, ctx.clock.now()),
            }
          : null,
        ...(a.role === 'admin'
          ? { replicas: hub.peerList().map((p) => ({ name: p.name, confirmedPosition: p.confirmed, lastSeenAt: p.lastSeenAt, lagCommits: Math.max(0, head - p.confirmed) })) }
          : {}),
      };
    },
  );

  app.put(
    '/api/server/ack',
    {
      schema: {
        tags: ['replication'],
        summary: 'Switch degraded (local-only) acknowledgement on or off while no replica can confirm writes',
        body: z.object({ degraded: z.boolean() }).strict(),
        response: { 200: z.object({ ack: z.enum(['local', 'replicated', 'degraded']) }), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
      },
    },
    async (req) => {
      const a = requireRole(req.actor, 'admin');
      if (ctx.config.ack !== 'replicated') throw new AppError('conflict', 'This server acknowledges locally (FIELDKEEP_ACK=local): there is nothing to degrade.');
      await hub.setDegraded(req.body.degraded, a.login);
      return { ack: hub.ackMode };
    },
  );

  // Replication tokens from the admin UI. A token reads every tenant's data, so a tenant admin may make
  // one only on a server that hosts that tenant alone (a self-hosted install); otherwise the operator
  // uses `fieldkeep token create --replication`.
  const assertSoleTenant = async (tenantId: string) => {
    const tenants = await ctx.database.read.selectFrom('tenants').select('id').limit(2).execute();
    if (tenants.length !== 1 || tenants[0]!.id !== tenantId) {
      throw new AppError('forbidden', 'This server hosts more than one company: replication tokens are made by the operator (fieldkeep token create --replication).');
    }
  };
  const ZToken = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
  app.get(
    '/api/server/replication-tokens',
    { schema: { tags: ['replication'], summary: 'Replication tokens (admin of a single-company server)', response: { 200: z.object({ tokens: z.array(ZToken) }), 401: ZErrorBody, 403: ZErrorBody } } },
    async (req) => {
      const a = requireRole(req.actor, 'admin');
      await assertSoleTenant(a.tenantId);
      const rows = await listReplicationTokens(ctx.database.read);
      return { tokens: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, revokedAt: t.revoked_at })) };
    },
  );
  app.post(
    '/api/server/replication-tokens',
    {
      schema: {
        tags: ['replication'],
        summary: 'Create a replication token for an office replica; the token is shown once',
        body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
      },
    },
    async (req, reply) => {
      const a = requireRole(req.actor, 'admin');
      await assertSoleTenant(a.tenantId);
      const t = await createReplicationToken(ctx.database.db, req.body.name, ctx.clock.now().toISOString());
      req.log.warn({ tokenId: t.id, by: a.login }, 'replication token created');
      return reply.status(201).send({ id: t.id, name: req.body.name, token: t.token });
    },
  );
  app.post(
    '/api/server/replication-tokens/:tokenId/revoke',
    {
      schema: {
        tags: ['replication'],
        summary: 'Revoke a replication token',
        params: z.object({ tokenId: ZId }),
        response: { 200: z.object({ revoked: z.boolean() }), 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (req) => {
      const a = requireRole(req.actor, 'admin');
      await assertSoleTenant(a.tenantId);
      if (!(await revokeReplicationToken(ctx.database.db, req.params.tokenId, ctx.clock.now().toISOString()))) throw new AppError('not_found', 'No live token with that id.');
      return { revoked: true };
    },
  );

  app.post(
    '/api/replica/queue',
    {
      schema: {
        tags: ['replication'],
        summary: 'On an office replica: record a note, a new job or a status change for the primary',
        body: ZQueueRequest,
        response: { 201: ZQueueItem, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (req, reply) => {
      const a = requireRole(req.actor, 'admin', 'office');
      if (!hub.isReplica) throw new AppError('conflict', 'This is the primary: make the change directly.');
      const item = await enqueue(ctx, instanceId, a, req.body.name, req.body.args, req.body.summary);
      return reply.status(201).send(item);
    },
  );

  app.get(
    '/api/replica/queue',
    { schema: { tags: ['replication'], summary: 'Work queued on this replica and what became of it', response: { 200: z.object({ items: z.array(ZQueueItem) }), 401: ZErrorBody, 403: ZErrorBody } } },
    async (req) => {
      const a = requireRole(req.actor, 'admin', 'office');
      return { items: await listQueue(ctx, a.tenantId) };
    },
  );
}
