import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ZErrorBody, ZPushRequest, ZSha256 } from '@fieldkeep/domain';
import type { Actor } from '../auth/actor.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { AppContext } from '../context.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { AppError } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';
import { push } from '../sync/push.service.js';
import type { ReplicationHub } from './hub.js';
import { newId } from '../ids.js';
import { logFloor } from './compaction.js';
import { headPosition, readCommits } from './log.repository.js';
import { writeSnapshot } from './snapshot.js';
import { findReplicationToken } from './tokens.js';

/** The schema version a replica must share with its primary to apply its rows. */
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).at(-1)!;

export const REPLICATION_LIMITS = {
  /** Rows in one answer to /changes (a larger single commit is still sent whole). */
  rowsPerPage: 5000,
  /** Longest long-poll wait a replica may ask for. */
  maxWaitMs: 30_000,
} as const;

const ZChangesQuery = z
  .object({
    after: z.coerce.number().int().min(0),
    wait: z.coerce.number().int().min(0).max(REPLICATION_LIMITS.maxWaitMs).default(0),
    max: z.coerce.number().int().min(1).max(REPLICATION_LIMITS.rowsPerPage).default(2000),
  })
  .strict();

const ZRowChange = z.object({ table: z.string(), pk: z.array(z.unknown()), op: z.enum(['put', 'delete']), row: z.record(z.string(), z.unknown()).nullable() });
const ZChangesResponse = z.object({
  epoch: z.number(),
  schema: z.string(),
  head: z.number(),
  commits: z.array(z.object({ position: z.number(), rows: z.array(ZRowChange) })),
});

const ZFence = z.object({ epoch: z.number().int().min(1), by: z.string().min(1).max(500) }).strict();

const ZReplicaPush = z
  .object({ userId: z.string().min(1).max(100), push: ZPushRequest })
  .strict();

const errors = { 400: ZErrorBody, 401: ZErrorBody, 409: ZErrorBody, 503: ZErrorBody };

/**
 * Replication (docs/operations.md, docs/sync.md "Replication"): replicas authenticate with a
 * replication token, read whole commits of the row log after their position (asking for what comes
 * after P confirms P durable), fetch blobs, fence a replaced primary, and forward work queued on an
 * office replica during an outage.
 */
export function registerReplicationRoutes(app: ZApp, ctx: AppContext, hub: ReplicationHub, store: BlobStore): void {
  const replicaAuth = async (authorization: string | undefined): Promise<{ id: string; name: string }> => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const t = token ? await findReplicationToken(ctx.database.read, token) : undefined;
    if (!t) throw new AppError('unauthenticated', 'A replication token is needed (fieldkeep token create --replication).');
    return t;
  };
  // Closing: long-polls answer at once instead of holding the close for their full wait.
  app.addHook('preClose', (done) => {
    hub.stop();
    done();
  });
  const header = (v: string | string[] | undefined) => (typeof v === 'string' ? v.slice(0, 500) : undefined);

  app.get(
    '/api/replication/changes',
    {
      config: { public: true },
      schema: {
        tags: ['replication'],
        summary: 'Whole commits after a position (long-poll with wait); asking for after=P confirms P durable on the caller',
        querystring: ZChangesQuery,
        response: { 200: ZChangesResponse, ...errors },
      },
    },
    async (req) => {
      const token = await replicaAuth(req.headers.authorization);
      const replicaId = header(req.headers['x-fieldkeep-replica-id']) ?? token.id;
      const epoch = Number(header(req.headers['x-fieldkeep-epoch']) ?? '0') || 0;
      if (epoch > hub.state.epoch) {
        await hub.supersede(epoch, header(req.headers['x-fieldkeep-replica-url']) ?? `replica ${replicaId}`);
      }
      hub.assertWritable();
      if (hub.isReplica) throw new AppError('conflict', 'This server is a replica: replicate from the primary.');
      const head = await headPosition(ctx.database.read);
      if (req.query.after > head) {
        throw new AppError('conflict', `The replica is at position ${req.query.after}, beyond this primary's ${head}: it follows another primary (or this one was restored). Start the replica afresh.`);
      }
      const floor = await logFloor(ctx.database.read);
      if (req.query.after < floor) {
        throw new AppError(
          'log_compacted',
          `The replication log before position ${floor} was removed (it keeps ${ctx.config.replLogKeepDays} days, and what the replicas seen in that time still need): copy a snapshot (/api/replication/snapshot) and follow on from its position.`,
        );
      }
      await hub.confirm(
        { replicaId, name: header(req.headers['x-fieldkeep-replica-name']) ?? token.name, url: header(req.headers['x-fieldkeep-replica-url']) ?? null, epoch: epoch || hub.state.epoch },
        req.query.after,
      );
      let commits = await readCommits(ctx.database, req.query.after, req.query.max);
      if (commits.length === 0 && req.query.wait > 0) {
        await hub.waitForCommits(req.query.after, req.query.wait);
        commits = await readCommits(ctx.database, req.query.after, req.query.max);
      }
      return { epoch: hub.state.epoch, schema: SCHEMA_VERSION, head: Math.max(head, commits.at(-1)?.position ?? 0), commits };
    },
  );

  app.get(
    '/api/replication/snapshot',
    {
      config: { public: true },
      schema: {
        tags: ['replication'],
        summary: 'Every replicated table at one log position (NDJSON: a header with the position, then a line per row) — for a replica below the compacted log',
      },
    },
    async (req, reply) => {
      await replicaAuth(req.headers.authorization);
      hub.assertWritable();
      if (hub.isReplica) throw new AppError('conflict', 'This server is a replica: copy from the primary.');
      const dir = path.join(ctx.config.dataDir, 'tmp');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `snapshot-${newId()}.ndjson`);
      try {
        const { position, rows } = await writeSnapshot(ctx.database, file);
        req.log.info({ position, rows, bytes: fs.statSync(file).size }, 'replication snapshot sent');
        const stream = fs.createReadStream(file);
        stream.on('close', () => fs.rm(file, { force: true }, () => undefined));
        return reply
          .header('content-type', 'application/x-ndjson')
          .header('content-length', String(fs.statSync(file).size))
          .header('x-fieldkeep-epoch', String(hub.state.epoch))
          .header('x-fieldkeep-schema', SCHEMA_VERSION)
          .send(stream);
      } catch (err) {
        fs.rmSync(file, { force: true });
        throw err;
      }
    },
  );

  app.get(
    '/api/replication/blobs/:sha256',
    {
      config: { public: true },
      schema: { tags: ['replication'], summary: 'A blob file by hash, for replicas', params: z.object({ sha256: ZSha256 }) },
    },
    async (req, reply) => {
      await replicaAuth(req.headers.authorization);
      if (!store.exists(req.params.sha256)) throw new AppError('not_found', 'No such blob here.');
      const size = fs.statSync(store.pathOf(req.params.sha256)).size;
      return reply.header('content-type', 'application/octet-stream').header('content-length', String(size)).send(store.open(req.params.sha256));
    },
  );

  app.get(
    '/api/replication/epoch',
    {
      config: { public: true },
      schema: {
        tags: ['replication'],
        summary: 'This server’s role and epoch (a restarted former primary asks its replicas)',
        response: { 200: z.object({ role: z.enum(['primary', 'replica']), epoch: z.number(), superseded: z.boolean() }) },
      },
    },
    async () => ({ role: hub.state.role, epoch: hub.state.epoch, superseded: hub.state.superseded !== null }),
  );

  app.post(
    '/api/replication/fence',
    {
      config: { public: true },
      schema: {
        tags: ['replication'],
        summary: 'Tell a former primary that a promoted replica with a higher epoch replaced it',
        body: ZFence,
        response: { 200: z.object({ superseded: z.boolean(), epoch: z.number() }), ...errors },
      },
    },
    async (req) => {
      await replicaAuth(req.headers.authorization);
      await hub.supersede(req.body.epoch, req.body.by);
      return { superseded: hub.state.superseded !== null, epoch: hub.state.epoch };
    },
  );

  app.post(
    '/api/replication/push',
    {
      config: { public: true },
      schema: {
        tags: ['replication'],
        summary: 'Work recorded on an office replica during an outage, pushed as the user who recorded it',
        body: ZReplicaPush,
        response: {
          200: z.object({ lastMutationId: z.number(), cursor: z.string(), rejections: z.array(z.object({ mutationId: z.number(), code: z.string(), message: z.string() })) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const token = await replicaAuth(req.headers.authorization);
      hub.assertWritable();
      if (hub.isReplica) throw new AppError('read_only_replica', 'This server is a replica: push to the primary.');
      const user = await ctx.database.read
        .selectFrom('users')
        .select(['id', 'tenant_id', 'login', 'role', 'client_id', 'disabled_at'])
        .where('id', '=', req.body.userId)
        .executeTakeFirst();
      if (!user || user.disabled_at) throw new AppError('forbidden', 'That user cannot record work (unknown or disabled).');
      const actor: Actor = { userId: user.id, tenantId: user.tenant_id, login: user.login, role: user.role as Actor['role'], clientId: user.client_id, sessionId: `replica:${token.id}` };
      const answer = await push(ctx, actor, req.body.push);
      const ids = req.body.push.mutations.map((m) => m.id);
      const rejections = ids.length
        ? await ctx.database.read
            .selectFrom('sync_rejections')
            .select(['mutation_id', 'code', 'message'])
            .where('client_id', '=', req.body.push.clientId)
            .where('mutation_id', 'in', ids)
            .execute()
        : [];
      return { ...answer, rejections: rejections.map((r) => ({ mutationId: r.mutation_id, code: r.code, message: r.message })) };
    },
  );
}
