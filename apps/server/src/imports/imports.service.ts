import type { TImportKind, TImportResult, TImportRowError } from '@fieldkeep/domain';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { PLANNERS } from './import-plans.js';
import { ImportRefused, readImportTable } from './import-table.js';

/** Most rows an import_invalid answer lists (the message says how many had errors in all). */
const MAX_REPORTED_ROWS = 500;

export type ImportOutcome = { ok: true; result: TImportResult } | { ok: false; message: string; rows: TImportRowError[] };

/**
 * Imports a CSV file of clients, sites or assets — all of it or none of it. Every row is checked
 * with the API's own rules before anything is written, and the writes share one transaction, so
 * a file with one bad row leaves the database as it was. `dryRun` checks and writes nothing.
 */
export async function importCsv(ctx: AppContext, actor: Actor | undefined, kind: TImportKind, input: { csv: string; dryRun: boolean }): Promise<ImportOutcome> {
  const a = requireRole(actor, 'admin', 'office');
  try {
    const rows = readImportTable(kind, input.csv);
    const refuse = (errors: TImportRowError[]): never => {
      const shown = errors.slice(0, MAX_REPORTED_ROWS);
      const more = errors.length > shown.length ? ` (the first ${shown.length} are listed)` : '';
      throw new ImportRefused(`${errors.length} of ${rows.length} rows have errors${more}; nothing was imported. Correct them and import the file again.`, shown);
    };
    if (input.dryRun) {
      const plan = await PLANNERS[kind](ctx.database.read, a.tenantId, rows);
      if (plan.errors.size > 0) refuse(plan.errors.list());
      return { ok: true, result: { imported: rows.length, rows: rows.length, dryRun: true } };
    }
    // Checked again inside the transaction that writes, so what is written is what was checked.
    const { value: imported } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
      const plan = await PLANNERS[kind](tx.trx, a.tenantId, rows);
      if (plan.errors.size > 0) refuse(plan.errors.list());
      const n = await plan.apply(tx);
      await appendAudit(tx.trx, tx.now, {
        tenantId: a.tenantId,
        action: 'import.completed',
        actorUserId: a.userId,
        actorLogin: a.login,
        details: { kind, imported: n, rows: rows.length },
      });
      return n;
    });
    return { ok: true, result: { imported, rows: rows.length, dryRun: false } };
  } catch (e) {
    if (e instanceof ImportRefused) return { ok: false, message: e.message, rows: e.rows };
    throw e;
  }
}
