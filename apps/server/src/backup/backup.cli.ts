import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../clock.js';
import { CliError } from '../cli/cli.js';
import { parseConfig, type Config } from '../config/config.js';
import { openDatabase, type Database } from '../db/database.js';
import { BackupError } from './backup-error.js';
import { createBackup } from './create.js';
import { formatBytes, formatDuration, streamProgress } from './progress.js';
import { createOutcome, recorded, verifyOutcome, type Recorder } from './recorded.js';
import { restoreBackup } from './restore.js';
import { hasRunsTable } from './runs.repository.js';
import { verifyBackup } from './verify.js';

/**
 * `fieldkeep backup create | verify` and `fieldkeep restore` (docs/backups.md). Progress goes to
 * stderr, the one-line summary to stdout; refusals and failures exit 1 with what to do.
 */
export function registerBackupCommands(program: Command, env: NodeJS.ProcessEnv): void {
  const backup = program
    .command('backup')
    .description('Encrypted backups of the database and every blob: create one, verify one (see docs/backups.md).');

  backup
    .command('create')
    .description(
      'Back up the configured database (FIELDKEEP_DATA_DIR or DATABASE_URL) and its blobs into a backup folder, encrypted with FIELDKEEP_BACKUP_PASSPHRASE or to FIELDKEEP_BACKUP_RECIPIENTS. The folder keeps many backups; blobs already in it are not copied again. Safe while the server runs.',
    )
    .requiredOption('--to <dir>', 'backup folder (made on first use)')
    .addHelpText('after', '\nExample:\n  FIELDKEEP_BACKUP_PASSPHRASE=… fieldkeep backup create --to /srv/backups/fieldkeep\n\nA backup counts as good only once `fieldkeep backup verify` has checked it.')
    .action(async (o: { to: string }) => {
      const config = parseConfig(env);
      await withLiveDatabase(config, async (database, rec) => {
        if (!database) throw new CliError(`There is no database at ${path.join(config.dataDir, 'fieldkeep.sqlite')}: set FIELDKEEP_DATA_DIR (or DATABASE_URL) to the server's.`);
        const { value: r } = await recorded(
          rec,
          { kind: 'create', target: path.resolve(o.to) },
          () =>
            createBackup({
              source: { dialect: database.dialect, sqlitePath: database.sqlitePath, databaseUrl: config.databaseUrl, dataDir: config.dataDir },
              dir: o.to,
              keys: { passphrase: config.backup.passphrase, recipients: config.backup.recipients },
              now: systemClock.now(),
              progress: streamProgress(process.stderr),
            }),
          createOutcome,
        );
        process.stdout.write(
          `backup ${r.id}: ${formatBytes(r.bytesWritten)} written (snapshot ${formatBytes(r.snapshotBytes)}, ${r.tables} tables), blobs ${r.blobs.new} new / ${r.blobs.reused} reused, ${formatDuration(r.durationMs)}\n`,
        );
        if (r.problems.length > 0) {
          for (const p of r.problems) process.stderr.write(`  ${p}\n`);
          throw new CliError(`backup ${r.id} holds everything else, but ${r.missingBlobs.length} blobs could not be backed up (listed above): restore them or find out why they are gone.`);
        }
      });
    });

  backup
    .command('verify')
    .description(
      'Restore a backup into a scratch place (a temp folder, or a scratch PostgreSQL database on DATABASE_URL\'s server) and check it: integrity, every table\'s row count and content hash, positions, and every blob\'s SHA-256. Exits 0 only when everything matches its manifest; the result is kept beside the backup.',
    )
    .requiredOption('--from <dir>', 'backup folder')
    .option('--backup <id>', 'which backup (default: the newest)')
    .addHelpText('after', '\nNeeds FIELDKEEP_BACKUP_PASSPHRASE, or FIELDKEEP_BACKUP_IDENTITY for a folder encrypted to recipients.')
    .action(async (o: { from: string; backup?: string }) => {
      const config = parseConfig(env);
      await withLiveDatabase(config, async (_database, rec) => {
        const { value: r } = await recorded(
          rec,
          { kind: 'verify', target: path.resolve(o.from), ...(o.backup ? { backupId: o.backup } : {}) },
          () =>
            verifyBackup({
              dir: o.from,
              backupId: o.backup,
              keys: { passphrase: config.backup.passphrase, identityFile: config.backup.identityFile },
              databaseUrl: config.databaseUrl,
              now: systemClock.now(),
              progress: streamProgress(process.stderr),
            }),
          verifyOutcome,
        );
        if (!r.ok) {
          for (const p of r.problems) process.stderr.write(`  ${p}\n`);
          throw new CliError(`backup ${r.id} failed verification: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} (listed above). It does not count as a good backup.`);
        }
        process.stdout.write(
          `backup ${r.id} verified: ${r.tables} tables, ${r.blobs} blobs (${formatBytes(r.blobBytes)}), snapshot ${formatBytes(r.snapshotBytes)}, ${formatDuration(r.durationMs)}\n`,
        );
      });
    });

  program
    .command('restore')
    .description(
      'Restore a backup into a new, empty data folder: fieldkeep.sqlite and blobs/ (a PostgreSQL backup goes into DATABASE_URL\'s database, its blobs into the folder). Takes the newest verified backup unless --backup names one; checks the copy like verify before it is put in place.',
    )
    .requiredOption('--from <dir>', 'backup folder')
    .requiredOption('--to <dataDir>', 'new or empty folder to become FIELDKEEP_DATA_DIR')
    .option('--backup <id>', 'which backup (default: the newest verified one)')
    .addHelpText('after', '\nThen start the server with FIELDKEEP_DATA_DIR set to that folder.')
    .action(async (o: { from: string; to: string; backup?: string }) => {
      const config = parseConfig(env);
      try {
        const r = await restoreBackup({
          dir: o.from,
          dataDir: o.to,
          backupId: o.backup,
          keys: { passphrase: config.backup.passphrase, identityFile: config.backup.identityFile },
          databaseUrl: config.databaseUrl,
          progress: streamProgress(process.stderr),
        });
        for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
        if (!r.ok) {
          for (const p of r.problems) process.stderr.write(`  ${p}\n`);
          throw new CliError(`backup ${r.id} could not be restored: its copy does not match the manifest (listed above). ${r.dataDir} was left empty; try an older backup with --backup.`);
        }
        const where = r.dialect === 'sqlite' ? r.dataDir : `schema ${r.pgSchema} of DATABASE_URL's database, blobs in ${r.dataDir}`;
        process.stdout.write(`restored backup ${r.id} into ${where}: ${r.tables} tables, ${r.blobs} blobs, ${formatBytes(r.bytes)}, ${formatDuration(r.durationMs)}\n`);
      } catch (err) {
        throw asCliError(err);
      }
    });
}

/**
 * Opens the server's own database, when there is one, to record the run in backup_runs (a database
 * not yet migrated, or none at all — a verify on another machine — records nothing).
 */
async function withLiveDatabase(config: Config, fn: (database: Database | undefined, rec: Recorder | undefined) => Promise<void>): Promise<void> {
  const exists = Boolean(config.databaseUrl) || fs.existsSync(path.join(config.dataDir, 'fieldkeep.sqlite'));
  const database = exists ? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }) : undefined;
  try {
    const rec: Recorder | undefined = database && (await hasRunsTable(database)) ? { database, clock: systemClock, startedBy: 'cli' } : undefined;
    await fn(database, rec);
  } catch (err) {
    throw asCliError(err);
  } finally {
    await database?.close();
  }
}

function asCliError(err: unknown): unknown {
  return err instanceof BackupError ? new CliError(err.message) : err;
}
