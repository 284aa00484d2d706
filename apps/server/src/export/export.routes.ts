import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ZErrorBody, ZExportStatus } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors/app-error.js';
import type { ZApp } from '../http/types.js';
import { TenantExports } from './export.service.js';
import { zipStream, type ZipSource } from './zip-writer.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };

/** The files of a finished export, in the order a person reading the zip expects. */
async function* exportFiles(dir: string, prefix: string, tables: readonly string[], blobs: readonly string[], mtime: Date): AsyncGenerator<ZipSource> {
  for (const rel of ['README.txt', 'manifest.json', ...tables, ...blobs]) {
    const file = path.join(dir, rel);
    const st = await fsp.stat(file);
    yield { name: `${prefix}/${rel}`, path: file, size: st.size, compress: !rel.startsWith('blobs/'), mtime };
  }
}

/** Full export of a tenant's data (docs/export.md): make one, see how it is going, download the newest. */
export function registerExportRoutes(app: ZApp, ctx: AppContext): TenantExports {
  const exports = new TenantExports(ctx);
  app.addHook('onClose', async () => exports.whenIdle());

  app.post(
    '/api/export',
    {
      schema: {
        tags: ['export'],
        summary: 'Start a full export of the company’s data: every table as CSV, every photo and document, a manifest with SHA-256s (admin). 202; follow it with GET /api/export',
        body: z.object({}).strict().optional(),
        response: { 202: ZExportStatus, ...errors },
      },
    },
    async (req, reply) => reply.status(202).send(await exports.start(req.actor)),
  );

  app.get(
    '/api/export',
    { schema: { tags: ['export'], summary: 'The export being made, the newest finished one and the last failure (admin)', response: { 200: ZExportStatus, ...errors } } },
    async (req) => exports.status(req.actor),
  );

  app.get(
    '/api/export/latest',
    {
      schema: {
        tags: ['export'],
        summary: 'Download the newest finished export as a zip (admin)',
        response: { 200: z.string().describe('application/zip'), ...errors },
      },
    },
    async (req, reply) => {
      const a = requireRole(req.actor, 'admin');
      const latest = await exports.latest(a.tenantId);
      if (!latest) throw new AppError('not_found', 'There is no finished export yet: make one first.');
      const m = latest.manifest;
      const prefix = `fieldkeep-export-${m.tenant.slug}-${latest.id}`;
      const files = exportFiles(
        latest.dir,
        prefix,
        m.tables.map((t) => t.file),
        m.blobs.map((b) => b.file),
        new Date(m.exportedAt),
      );
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${prefix}.zip"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(zipStream(files)) as never); // a stream is sent as it is, never serialised
    },
  );
  return exports;
}
