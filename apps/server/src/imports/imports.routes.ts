import { IMPORT_KINDS, ZErrorBody, ZImportErrorBody, ZImportRequest, ZImportResult, type TImportErrorBody } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { importCsv } from './imports.service.js';

/** The CSV travels inside JSON, where quotes and line breaks are escaped: room for that beyond LIMITS.csvBytes. */
const IMPORT_BODY_LIMIT = 10 * 1024 * 1024;

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 413: ZErrorBody, 422: ZImportErrorBody };

export function registerImportsRoutes(app: ZApp, ctx: AppContext): void {
  for (const kind of IMPORT_KINDS) {
    app.post(
      `/api/imports/${kind}`,
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['imports'],
          summary: `Import ${kind} from a CSV file, all rows or none; 422 import_invalid lists each bad row (admin, office). Columns: docs/imports.md`,
          body: ZImportRequest,
          response: { 200: ZImportResult, ...errors },
        },
      },
      async (req, reply) => {
        const outcome = await importCsv(ctx, req.actor, kind, req.body);
        if (outcome.ok) return outcome.result;
        const body: TImportErrorBody = { error: { code: 'import_invalid', message: outcome.message }, rows: outcome.rows };
        return reply.status(422).send(body);
      },
    );
  }
}
