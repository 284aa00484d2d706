import { ZCatchupConflictBody, ZCatchupCsvRequest, ZCatchupCsvResult, ZCatchupRequest, ZCatchupResult, ZErrorBody, ZImportErrorBody, type TImportErrorBody } from '@fieldkeep/domain';
import { requireRole } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { ImportRefused } from '../imports/import-table.js';
import { readCatchupCsv } from './catchup.csv.js';
import { listActivityTypes, listPeople } from './catchup.repository.js';
import { commitCatchup, previewCatchup } from './catchup.service.js';

/** A CSV inside JSON needs room for escaping beyond the file's own 5 MB (as the imports). */
const CSV_BODY_LIMIT = 12 * 1024 * 1024;
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 413: ZErrorBody };

/** Catch-up after an outage (docs/catchup.md): preview, commit, and entries from a CSV file. */
export function registerCatchupRoutes(app: ZApp, ctx: AppContext): void {
  app.post(
    '/api/catchup/preview',
    {
      schema: {
        tags: ['catchup'],
        summary: 'Check paper entries against what phones synced meanwhile: new, same, conflict (side by side, with the choices) or invalid. Writes nothing (admin, office)',
        body: ZCatchupRequest,
        response: { 200: ZCatchupResult, ...errors },
      },
    },
    async (req) => previewCatchup(ctx, req.actor, req.body.entries),
  );

  app.post(
    '/api/catchup/commit',
    {
      schema: {
        tags: ['catchup'],
        summary:
          'Record paper entries, all or none, each audited as entered after the outage. 409 conflict lists every entry when one clashes with synced values and has no choice (or one made for values that changed since) (admin, office)',
        body: ZCatchupRequest,
        response: { 200: ZCatchupResult, 409: ZCatchupConflictBody, ...errors },
      },
    },
    async (req) => commitCatchup(ctx, req.actor, req.body.entries),
  );

  app.post(
    '/api/catchup/csv',
    {
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['catchup'],
        summary: 'Read a catch-up CSV into entries and preview them (nothing written); 422 import_invalid lists each bad row (admin, office). Columns: docs/catchup.md',
        body: ZCatchupCsvRequest,
        response: { 200: ZCatchupCsvResult, 422: ZImportErrorBody, ...errors },
      },
    },
    async (req, reply) => {
      const a = requireRole(req.actor, 'admin', 'office');
      const db = ctx.database.read;
      try {
        const entries = readCatchupCsv(req.body.csv, await listPeople(db, a.tenantId), await listActivityTypes(db, a.tenantId));
        return { entries, preview: await previewCatchup(ctx, a, entries) };
      } catch (e) {
        if (!(e instanceof ImportRefused)) throw e;
        const body: TImportErrorBody = { error: { code: 'import_invalid', message: e.message }, rows: e.rows };
        return reply.status(422).send(body);
      }
    },
  );
}
