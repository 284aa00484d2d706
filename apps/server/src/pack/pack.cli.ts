import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { CliError, loadConfig, withDb } from '../cli/cli.js';
import { pendingMigrations } from '../db/database.js';
import { buildPack } from './pack-build.js';
import { collectPackData } from './pack-data.js';
import { writePackFile } from './pack-files.js';
import { listTenants } from './pack.repository.js';

/**
 * `fieldkeep pack --to DIR [--tenant slug]` (docs/pack.md): makes the fallback pack of one tenant
 * (or every tenant) and writes the zip into DIR. It only reads the database, so it also works on an
 * office replica's data folder or a restored backup while the primary is down. Progress goes to
 * stderr, one summary line per pack to stdout.
 */
export function registerPackCommand(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('pack')
    .description(
      'Make the fallback pack (job sheets for today and the next working day, contact lists, outstanding jobs, blank forms, customer script, back-up checklist) and write the zip into a folder. Reads the database only: safe while the server runs, and on a replica or a restored backup.',
    )
    .requiredOption('--to <dir>', 'folder to write the zip into (made if missing)')
    .option('--tenant <slug>', 'one tenant (default: every tenant, one zip each)')
    .addHelpText('after', '\nExample:\n  FIELDKEEP_DATA_DIR=/srv/fieldkeep fieldkeep pack --to /media/usb --tenant acme\n\nThe server also makes one every night (FIELDKEEP_PACK_SCHEDULE) and keeps it in <data dir>/packs.')
    .action(async (o: { to: string; tenant?: string }) => {
      const dir = path.resolve(o.to);
      const config = loadConfig(env);
      const sqliteFile = path.join(config.dataDir, 'fieldkeep.sqlite');
      if (!config.databaseUrl && !fs.existsSync(sqliteFile)) {
        throw new CliError(`There is no database at ${sqliteFile}: set FIELDKEEP_DATA_DIR (or DATABASE_URL) to the server's, or the replica's.`);
      }
      await withDb(env, async (db) => {
        const pending = await pendingMigrations(db.db);
        if (pending.length > 0) throw new CliError(`The database needs migrating first (${pending.length} pending): run \`fieldkeep migrate\`.`);
        const tenants = (await listTenants(db.read)).filter((t) => !o.tenant || t.slug === o.tenant);
        if (tenants.length === 0) throw new CliError(o.tenant ? `No tenant with slug ${o.tenant}.` : 'There are no tenants in this database.');
        fs.mkdirSync(dir, { recursive: true });
        for (const t of tenants) {
          const started = performance.now();
          process.stderr.write(`${t.name}: reading…\n`);
          const data = await collectPackData(db, t.id, systemClock.now());
          const built = await buildPack(data, (p) => {
            if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${t.name}: ${p.done}/${p.total} ${p.file}`);
            else if (p.done === p.total || p.done % 10 === 0) process.stderr.write(`${t.name}: ${p.done}/${p.total} documents\n`);
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          const file = await writePackFile(dir, built.fileName, built.zip);
          const s = built.summary;
          process.stdout.write(
            `${file}: ${(built.zip.length / 1024).toFixed(0)} KB, ${s.files} files — ${s.jobSheets} job sheets (${s.engineers} engineers, ${s.days.join(' and ')}), ${s.outstandingJobs} outstanding jobs (${s.urgentJobs} urgent), ${s.clients} clients, ${s.sites} sites, ${s.suppliers} suppliers, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
          );
        }
      });
    });
}
