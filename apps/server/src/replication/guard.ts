import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';
import type { ReplicationHub } from './hub.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sign-in and sign-out, and running a check, work everywhere; they are not captured work. */
const ALWAYS_ALLOWED = ['/api/auth/', '/api/status/integrity/'];
/** Replication's own routes decide for themselves. */
const REPLICATION = '/api/replication/';
/**
 * On an office replica these still work: queued office work for the primary, and the outage drill
 * (emailing staff). Both write only tables local to the replica.
 */
const REPLICA_LOCAL = ['/api/replica/', '/api/outage/'];

const pathOf = (req: FastifyRequest) => (req.url.split('?')[0] ?? '');

/**
 * The write rules of a server in a replicated deployment, for every /api write:
 * - a replica refuses writes (except queued office work) with read_only_replica;
 * - a server replaced by a promoted replica refuses them with superseded;
 * - with FIELDKEEP_ACK=replicated, a successful write is answered only after a replica confirmed it;
 *   otherwise 503 replica_unavailable (the client keeps its data and retries idempotently).
 */
export function installWriteGuards(app: ZApp, hub: ReplicationHub): void {
  app.addHook('preHandler', async (req) => {
    if (!MUTATING.has(req.method)) return;
    const url = pathOf(req);
    if (!url.startsWith('/api/') || url.startsWith(REPLICATION) || ALWAYS_ALLOWED.some((p) => url.startsWith(p))) return;
    if (hub.isReplica) {
      if (REPLICA_LOCAL.some((p) => url.startsWith(p))) return;
      throw new AppError(
        'read_only_replica',
        'This is the office replica: it shows the latest copy but cannot change it. Notes, new jobs and status changes can be queued here; they are sent to the primary when it is back.',
      );
    }
    hub.assertWritable();
  });

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
    if (!MUTATING.has(req.method) || reply.statusCode >= 400 || hub.isReplica) return payload;
    const url = pathOf(req);
    if (!url.startsWith('/api/') || url.startsWith(REPLICATION) || REPLICA_LOCAL.some((p) => url.startsWith(p)) || ALWAYS_ALLOWED.some((p) => url.startsWith(p))) return payload;
    try {
      await hub.awaitReplicated();
      return payload;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      req.log.warn({ code: err.code }, 'write not acknowledged: no replica confirmed it');
      void reply.code(err.status).header('content-type', 'application/json; charset=utf-8').header('retry-after', '5');
      return JSON.stringify({ error: { code: err.code, message: err.message } });
    }
  });
}
