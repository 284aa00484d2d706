import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyRequest, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS } from '@fieldkeep/domain';
import { registerAllocationRoutes } from '../allocation/allocation.routes.js';
import { registerAuditRoutes } from '../audit/audit.routes.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { registerBlobsRoutes } from '../blobs/blobs.routes.js';
import { registerBoardRoutes } from '../board/board.routes.js';
import { registerFormsRoutes } from '../forms/forms.routes.js';
import { registerReportsRoutes } from '../reports/reports.routes.js';
import { registerLicencesRoutes } from '../reports/licences.routes.js';
import { registerAnnouncementsRoutes } from '../announcements/announcements.routes.js';
import { registerCatchupRoutes } from '../catchup/catchup.routes.js';
import { registerExportRoutes } from '../export/export.routes.js';
import { registerDevicesRoutes } from '../sync/devices.routes.js';
import { registerSyncRoutes } from '../sync/sync.routes.js';
import { registerEngineersRoutes } from '../engineers/engineers.routes.js';
import { registerJobsRoutes } from '../jobs/jobs.routes.js';
import { registerVisitsRoutes } from '../visits/visits.routes.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import { AuthService } from '../auth/auth.service.js';
import { registerAssetsRoutes } from '../assets/assets.routes.js';
import { registerClientsRoutes } from '../clients/clients.routes.js';
import { registerImportsRoutes } from '../imports/imports.routes.js';
import { registerSitesRoutes } from '../sites/sites.routes.js';
import { registerSuppliersRoutes } from '../suppliers/suppliers.routes.js';
import { registerWarningsRoutes } from '../warnings/warnings.routes.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import { registerHealthRoutes } from '../health/health.routes.js';
import { newId } from '../ids.js';
import { registerMessagesRoutes } from '../mail/messages.routes.js';
import { registerUsersRoutes } from '../users/users.routes.js';
import { installWriteGuards } from '../replication/guard.js';
import type { ReplicationHub } from '../replication/hub.js';
import { registerReplicationRoutes } from '../replication/replication.routes.js';
import { registerServerStateRoutes } from '../replication/server-state.routes.js';
import { registerOutageRoutes } from '../outage/outage.routes.js';
import { registerStatusRoutes } from '../status/status.routes.js';
import { registerPackRoutes } from '../pack/pack.routes.js';
import { UsersService } from '../users/users.service.js';
import { errorHandler } from './errors.js';
import type { ZApp } from './types.js';

export interface AppOptions {
  /** This server's instance id: the session cookie's name carries it (a primary and a replica on one host keep apart). */
  instanceId: string;
  /** Built office and field apps; when absent (tests), only the API is served. */
  officeDist?: string;
  fieldDist?: string;
  /** Replication state and the write rules of a replicated deployment. */
  hub: ReplicationHub;
}

export interface BuiltApp {
  app: ZApp;
  auth: AuthService;
  users: UsersService;
  /** Every route the app serves, for tests that must cover all of them. */
  routes: RouteOptions[];
  /** Where photos and signatures are kept (tests inject disk faults through it). */
  blobStore: BlobStore;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const sessionCookieName = (instanceId: string) => `fk_session_${instanceId.replace(/-/g, '').slice(-12)}`;

export async function buildApp(ctx: AppContext, opts: AppOptions): Promise<BuiltApp> {
  const logger: FastifyBaseLogger = ctx.log;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: LIMITS.jsonBodyBytes,
    requestIdHeader: 'x-request-id',
    // A caller's request id is kept when it looks like one; otherwise we make our own.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{8,100}$/.test(given) ? given : newId();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // On close, every connection goes at once: a replica's long-poll or a keep-alive left by a
    // client that went away must not hold a shutdown. A write cut off here was not acknowledged,
    // and the client's retry is idempotent.
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Only JSON bodies: a cross-site form cannot send JSON without a CORS preflight, which we never allow.
  app.removeContentTypeParser('text/plain');

  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (r) => {
    // Every API route validates its query string: a route that takes none refuses unknown parameters.
    if (r.url.startsWith('/api/')) {
      const schema = (r.schema ??= {}) as { querystring?: unknown };
      schema.querystring ??= z.object({}).strict();
    }
    routes.push(r);
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fieldkeep API',
        version: '1',
        description:
          'Field service management. Every error answers `{error:{code,message}}`. Authenticate with `Authorization: Bearer <token>` from POST /api/auth/login, or the session cookie it sets.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  const cookieName = sessionCookieName(opts.instanceId);
  const auth = new AuthService(ctx);
  const users = new UsersService(ctx, auth);

  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (req: FastifyRequest, reply) => {
    void reply.header('x-request-id', req.id);
    if (!req.url.startsWith('/api/')) return;
    if (MUTATING.has(req.method) && !req.routeOptions.config?.rawBody && req.headers['content-length'] !== '0' && !isJson(req)) {
      const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
      if (hasBody) throw new AppError('unsupported_media_type', 'Send the body as JSON (content-type: application/json).');
    }
    const token = bearer(req) ?? req.cookies[cookieName];
    if (token && token.length <= 200) req.actor = await auth.authenticate(token);
  });

  // Sign-in comes before validation: an anonymous caller learns nothing about a route's body rules.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.url && !req.routeOptions.config.public && req.url.startsWith('/api/') && !req.actor) {
      throw new AppError('unauthenticated', 'Sign in first.');
    }
  });

  installWriteGuards(app, opts.hub);
  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, auth, { name: cookieName, secure: ctx.config.publicUrl.startsWith('https://') });
  registerUsersRoutes(app, users);
  registerClientsRoutes(app, ctx);
  registerSuppliersRoutes(app, ctx);
  registerSitesRoutes(app, ctx);
  registerAssetsRoutes(app, ctx);
  registerWarningsRoutes(app, ctx);
  registerImportsRoutes(app, ctx);
  registerMessagesRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerEngineersRoutes(app, ctx);
  registerJobsRoutes(app, ctx);
  registerVisitsRoutes(app, ctx);
  registerAllocationRoutes(app, ctx);
  registerBoardRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerDevicesRoutes(app, ctx);
  registerFormsRoutes(app, ctx);
  registerReportsRoutes(app, ctx);
  registerPackRoutes(app, ctx);
  registerLicencesRoutes(app, ctx, { isReplica: () => opts.hub.isReplica });
  registerAnnouncementsRoutes(app, ctx, { isReplica: () => opts.hub.isReplica });
  registerCatchupRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  const blobStore = registerBlobsRoutes(app, ctx);
  registerReplicationRoutes(app, ctx, opts.hub, blobStore);
  registerServerStateRoutes(app, ctx, opts.hub, opts.instanceId);
  registerOutageRoutes(app, ctx, opts.hub);
  registerStatusRoutes(app, ctx, { hub: opts.hub });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());

  const officeDist = existingDir(opts.officeDist);
  const fieldDist = existingDir(opts.fieldDist);
  if (officeDist) await app.register(fastifyStatic, { root: officeDist, prefix: '/', wildcard: false, index: false });
  if (fieldDist) {
    await app.register(fastifyStatic, { root: fieldDist, prefix: '/field/', decorateReply: !officeDist, wildcard: false });
  }

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    const isPage = req.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/health/') && !path.extname(url);
    if (isPage && fieldDist && (url === '/field' || url.startsWith('/field/'))) {
      return reply.type('text/html').sendFile('index.html', fieldDist);
    }
    if (isPage && officeDist) return reply.type('text/html').sendFile('index.html', officeDist);
    return reply.status(404).send({ error: { code: 'route_not_found', message: `No route ${req.method} ${url}.` } });
  });

  return { app, auth, users, routes, blobStore };
}

function isJson(req: FastifyRequest): boolean {
  const ct = req.headers['content-type'] ?? '';
  return /^application\/([\w.+-]*\+)?json\b/i.test(ct);
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

function existingDir(dir: string | undefined): string | undefined {
  return dir && fs.existsSync(path.join(dir, 'index.html')) ? path.resolve(dir) : undefined;
}

