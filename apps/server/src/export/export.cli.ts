import path from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { CliError, loadConfig, withDb } from '../cli/cli.js';
import { migrateToLatest } from '../db/database.js';
import { exportTenant, ExportError } from './export-tenant.js';
import { importTenant } from './import-tenant.js';

/** Progress on stderr: at most one line every two seconds per step, and each step's last line. */
function progressPrinter(out: NodeJS.WritableStream = process.stderr): (step: string, done: number, total: number) => void {
  const last = new Map<string, number>();
  return (step, done, total) => {
    const now = Date.now();
    if (done !== total && now - (last.get(step) ?? 0) < 2000) return;
    last.set(step, now);
    out.write(`${step} ${done}/${total}\n`);
  };
}

async function refusalsAsCliErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExportError) throw new CliError(err.message);
    throw err;
  }
}

/** `fieldkeep export` and `fieldkeep import`: a tenant's whole data, to take anywhere (docs/export.md). */
export function registerExportCommands(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('export')
    .description(
      'Export one tenant’s data into a new folder: every table as CSV (UTF-8, header row, RFC 4180), every photo and document, and manifest.json with row counts and SHA-256s. Safe while the server runs (one consistent snapshot).',
    )
    .requiredOption('--tenant <slug>', 'the tenant’s slug (short name)')
    .requiredOption('--to <dir>', 'a new or empty folder')
    .addHelpText('after', '\nExample:\n  fieldkeep export --tenant acme --to /srv/exports/acme-2026-11-23\n\nusers.csv holds password hashes: keep the folder as safe as the server.')
    .action(async (o: { tenant: string; to: string }) => {
      const config = loadConfig(env);
      await withDb(env, async (db) => {
        const m = await refusalsAsCliErrors(() =>
          exportTenant({ database: db, dataDir: config.dataDir, tenant: { slug: o.tenant }, to: path.resolve(o.to), now: systemClock.now(), progress: progressPrinter() }),
        );
        const rows = m.tables.reduce((n, t) => n + t.rows, 0);
        process.stdout.write(`Exported ${m.tenant.name} (${m.tenant.slug}): ${m.tables.length} tables, ${rows} rows, ${m.blobs.length} files → ${path.resolve(o.to)}\n`);
        if (m.missingBlobs.length > 0) {
          for (const b of m.missingBlobs) process.stderr.write(`  blob ${b.sha256}: ${b.problem}\n`);
          throw new CliError(`${m.missingBlobs.length} files the tenant's records name could not be exported (listed above and in manifest.json): everything else is in the folder.`);
        }
      });
    });

  program
    .command('import')
    .description(
      'Load a tenant export (an unzipped export folder) into this server: every row with the same ids, every file. Refuses, changing nothing, when the tenant, its slug or one of its sign-in names exists here already.',
    )
    .requiredOption('--from <dir>', 'the export folder (with manifest.json)')
    .option('--slug <slug>', 'import under another slug, when the tenant’s own is taken here')
    .addHelpText('after', '\nExample:\n  fieldkeep import --from /srv/exports/acme-2026-11-23 --slug acme\n\nOn SQLite, stop the server first or import at a quiet time: the import holds the one writer until it is done.')
    .action(async (o: { from: string; slug?: string }) => {
      const config = loadConfig(env);
      await withDb(env, async (db) => {
        await migrateToLatest(db.db);
        const r = await refusalsAsCliErrors(() =>
          importTenant({ database: db, dataDir: config.dataDir, from: path.resolve(o.from), ...(o.slug ? { slug: o.slug } : {}), progress: progressPrinter() }),
        );
        const rows = r.tables.reduce((n, t) => n + t.rows, 0);
        process.stdout.write(`Imported ${r.tenant.name} as ${r.tenant.slug}: ${r.tables.length} tables, ${rows} rows, ${r.blobs.copied} files copied (${r.blobs.alreadyHere} already here).\n`);
      });
    });
}
