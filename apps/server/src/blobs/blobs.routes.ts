import path from 'node:path';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SYNC_LIMITS, ZErrorBody, ZSha256 } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';
import { BlobStore } from './blob-store.js';
import { findOwnedBlob, recordBlob } from './blobs.repository.js';

const ZParams = z.object({ sha256: ZSha256 });
const STAFF_AND_ENGINEERS = ['admin', 'office', 'engineer'] as const;

/**
 * `PUT|HEAD|GET /api/blobs/<sha256>` (DESIGN.md "Blobs"): photos, signatures and documents, stored
 * once by content and owned per tenant. Upload the blob before the mutation that names it.
 */
export function registerBlobsRoutes(app: ZApp, ctx: AppContext, store = new BlobStore(path.join(ctx.config.dataDir, 'blobs'))): BlobStore {
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Raw bodies of any type, streamed to disk: never buffered whole in memory.
    plain.removeAllContentTypeParsers();
    plain.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    scope.put(
      '/api/blobs/:sha256',
      {
        bodyLimit: SYNC_LIMITS.blobBytes,
        config: { rawBody: true },
        schema: {
          tags: ['sync'],
          summary: 'Upload a blob (raw body); 201 new, 200 already held; 400 hash_mismatch keeps nothing',
          params: ZParams,
          response: { 200: z.object({ sha256: ZSha256, size: z.number() }), 201: z.object({ sha256: ZSha256, size: z.number() }), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 413: ZErrorBody, 507: ZErrorBody },
        },
      },
      async (req, reply) => {
        const a = requireRole(req.actor, ...STAFF_AND_ENGINEERS);
        const { sha256 } = req.params;
        const owned = await findOwnedBlob(ctx.database.read, a.tenantId, sha256);
        if (owned && store.exists(sha256)) {
          req.raw.resume();
          return reply.status(200).send({ sha256, size: owned.size });
        }
        // The file may exist for another tenant: the upload still proves this tenant has the bytes.
        let size: number;
        try {
          ({ size } = await store.put(sha256, req.body as NodeJS.ReadableStream as never, SYNC_LIMITS.blobBytes));
        } catch (err) {
          // Refused before the body was read to its end: the rest of it is still on the wire, so this
          // connection cannot carry another request. Close it after the answer.
          void reply.header('connection', 'close');
          throw err;
        }
        const contentType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().slice(0, 100);
        await withWriteTx(ctx.database, ctx.clock, (tx) => recordBlob(tx, { tenantId: a.tenantId, sha256, size, contentType, userId: a.userId }));
        return reply.status(201).send({ sha256, size });
      },
    );

    scope.route({
      method: ['GET', 'HEAD'],
      url: '/api/blobs/:sha256',
      exposeHeadRoute: false,
      schema: { tags: ['sync'], summary: 'Fetch a blob (HEAD: 200 when this tenant holds it, else 404)', params: ZParams },
      handler: async (req, reply) => {
        const a = requireRole(req.actor, ...STAFF_AND_ENGINEERS);
        const owned = await findOwnedBlob(ctx.database.read, a.tenantId, req.params.sha256);
        if (!owned || !store.exists(req.params.sha256)) throw notFound('Blob');
        void reply
          .header('content-type', owned.content_type)
          .header('content-length', String(owned.size))
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff');
        if (req.method === 'HEAD') return reply.status(200).send();
        return reply.send(store.open(req.params.sha256));
      },
    });
  });
  return store;
}
