import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZErrorBody, ZIntegrityCheck, ZStatusDevice, ZStatusReport } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';
import { findReplicationToken } from '../replication/tokens.js';
import { attachServerErrorLog, ServerErrorLog } from './error-recorder.js';
import { integrityRunner, rowToIntegrityCheck } from './integrity.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './metrics.js';
import type { StatusDeps, Viewer } from './scope.js';
import { buildStatus, deviceDetail, resolveDeviceRejections } from './status.service.js';

export type { StatusDeps } from './scope.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZDeviceParams = z.object({ deviceId: z.string().min(8).max(100).regex(/^[\w-]+$/) });

const bearer = (req: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

/**
 * The status page (docs/status.md). `GET /api/status`: an admin's session gets their company's items
 * (emails, devices) and the server's health without anyone else's data; a replication token
 * (`Authorization: Bearer fkr_…`) gets the whole server's view for monitoring, in counts.
 * `GET /metrics`: the same numbers in the Prometheus text format, with the same token (or without
 * one when FIELDKEEP_METRICS_PUBLIC=1).
 */
export function registerStatusRoutes(app: ZApp, ctx: AppContext, deps: StatusDeps): void {
  const serverErrors = new ServerErrorLog(ctx);
  attachServerErrorLog(app, serverErrors);
  const runner = integrityRunner(ctx);
  const scope = (viewer: Viewer) => ({ ctx, deps, errors: serverErrors, viewer, now: ctx.clock.now() });

  const monitoringToken = async (req: FastifyRequest): Promise<boolean> => {
    const token = bearer(req);
    return Boolean(token && (await findReplicationToken(ctx.database.read, token)));
  };
  const viewerOf = async (req: FastifyRequest): Promise<Viewer> => {
    if (req.actor) return { kind: 'tenant', tenantId: requireRole(req.actor, 'admin').tenantId };
    if (await monitoringToken(req)) return { kind: 'server' };
    throw new AppError('unauthenticated', 'Sign in as an admin, or send a replication token (Authorization: Bearer fkr_…) for the whole server’s view.');
  };

  app.get(
    '/api/status',
    {
      // An admin's session, or a replication token (checked here): the preValidation sign-in rule would refuse the token.
      config: { public: true },
      schema: {
        tags: ['status'],
        summary: 'The status page: every failure that needs a person (admin: own company + server health; replication token: whole server, counts only)',
        response: { 200: ZStatusReport, ...errors },
      },
    },
    async (req) => (await buildStatus(scope(await viewerOf(req)))).report,
  );

  app.get(
    '/api/status/devices/:deviceId',
    { schema: { tags: ['status'], summary: 'A device as the status page opens it: last syncs, problems, refused changes waiting (admin)', params: ZDeviceParams, response: { 200: ZStatusDevice, ...errors } } },
    async (req) => deviceDetail(ctx, req.actor, req.params.deviceId),
  );

  app.post(
    '/api/status/devices/:deviceId/resolve-rejections',
    {
      schema: {
        tags: ['status'],
        summary: "Mark a device's refused changes as dealt with by the office (all, or up to a mutation id); they stay stored (admin)",
        params: ZDeviceParams,
        body: z.object({ upTo: z.number().int().min(1).optional() }).strict().optional(),
        response: { 200: z.object({ resolved: z.number().int() }), ...errors },
      },
    },
    async (req) => ({ resolved: await resolveDeviceRejections(ctx, req.actor, req.params.deviceId, req.body?.upTo) }),
  );

  app.post(
    '/api/status/integrity/run',
    {
      schema: {
        tags: ['status'],
        summary: 'Start the database integrity check now (or join the one running); answers at once, the page shows the result (admin)',
        body: z.object({}).strict().optional(),
        response: { 202: z.object({ check: ZIntegrityCheck }), ...errors },
      },
    },
    async (req, reply) => {
      const a = requireRole(req.actor, 'admin');
      const { row, done } = await runner.begin('admin');
      done.catch((err: unknown) => ctx.log.error({ err }, 'the database integrity check could not run'));
      req.log.info({ by: a.login, check: row.id }, 'database integrity check started');
      return reply.status(202).send({ check: rowToIntegrityCheck(row) });
    },
  );

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!ctx.config.status.metricsPublic && !(await monitoringToken(req))) {
      throw new AppError('unauthenticated', 'Send a replication token (Authorization: Bearer fkr_…), or set FIELDKEEP_METRICS_PUBLIC=1.');
    }
    const { metrics } = await buildStatus(scope({ kind: 'server' }));
    return reply.type(PROMETHEUS_CONTENT_TYPE).send(renderPrometheus(metrics));
  });
}

/** The database integrity schedule (server.ts starts it beside the backups). */
export { startIntegritySchedule } from './integrity.js';
