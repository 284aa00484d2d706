import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BackupError } from './backup-error.js';
import { fsyncTree, isEmptyOrMissingDir, renameDurable } from './durable-files.js';
import { FileDecrypter } from './encryption.js';
import { lockFolder, pickBackup, unlockFolder, type FolderKeys } from './folder.js';
import type { Manifest } from './manifest.js';
import { currentSchemaOf } from './postgres.js';
import { noProgress, type Progress } from './progress.js';
import { capProblems, checkBlobs, checkSqliteCopy, decryptSnapshot, ManifestUnreadable, missingAtBackupTime, readManifest, restoreAndCheckPostgres } from './restore-steps.js';

export interface RestoreResult {
  id: string;
  dataDir: string;
  dialect: 'sqlite' | 'postgres';
  /** PostgreSQL: the schema the data was restored into. */
  pgSchema: string | null;
  ok: boolean;
  problems: string[];
  /** Things to know that did not stop the restore. */
  warnings: string[];
  tables: number;
  blobs: number;
  bytes: number;
  durationMs: number;
}

/**
 * Restores a backup (the newest good one unless `backupId` names one) into a new, empty data folder:
 * `fieldkeep.sqlite` and `blobs/` — or, for a PostgreSQL backup, the dumped schema into
 * `databaseUrl`'s database and `blobs/` into the data folder. The copy is checked like verify before
 * it takes its place; a SQLite restore that fails its checks leaves the folder empty again.
 */
export async function restoreBackup(opts: {
  dir: string;
  dataDir: string;
  backupId?: string | undefined;
  keys: FolderKeys;
  databaseUrl?: string | undefined;
  progress?: Progress;
}): Promise<RestoreResult> {
  const t0 = performance.now();
  const progress = opts.progress ?? noProgress;
  const dir = path.resolve(opts.dir);
  const dataDir = path.resolve(opts.dataDir);
  if (!isEmptyOrMissingDir(dataDir)) {
    throw new BackupError('target_not_empty', `${dataDir} is not empty: restore only into a new or empty folder, so nothing there is overwritten.`);
  }
  const { identity } = await unlockFolder(dir, opts.keys);
  const lock = await lockFolder(dir, 'restore');
  const createdDataDir = !(await fsp.stat(dataDir).catch(() => undefined));
  const work = path.join(dataDir, '.restore');
  let ok = false;
  try {
    const backup = await pickBackup(dir, { id: opts.backupId, good: true });
    const dec = new FileDecrypter(identity);
    let m: Manifest;
    try {
      m = await readManifest(dir, backup.id, dec);
    } catch (err) {
      if (err instanceof ManifestUnreadable) throw new BackupError('no_backup', err.message);
      throw err;
    }
    if (m.dialect === 'postgres' && !opts.databaseUrl) {
      throw new BackupError(
        'database_not_ready',
        `Backup ${m.id} is of a PostgreSQL database: set DATABASE_URL to the (empty) database to restore schema ${m.pgSchema ?? 'public'} into; blobs go to ${dataDir}.`,
      );
    }
    await fsp.mkdir(work, { recursive: true });
    const snapshotFile = path.join(work, m.dialect === 'sqlite' ? 'fieldkeep.sqlite' : 'snapshot.dump');
    const problems = await decryptSnapshot(dir, m, dec, snapshotFile, progress);
    if (problems.length === 0) {
      if (m.dialect === 'sqlite') problems.push(...(await checkSqliteCopy(snapshotFile, m, progress)));
      else problems.push(...(await restoreAndCheckPostgres(snapshotFile, opts.databaseUrl!, m, progress)));
    }
    let blobs = { problems: [] as string[], checked: 0, bytes: 0 };
    if (problems.length === 0) {
      blobs = await checkBlobs(dir, m, dec, { progress, writeTo: path.join(dataDir, 'blobs') });
      problems.push(...blobs.problems);
    }
    const warnings = missingAtBackupTime(m);
    if (problems.length === 0) {
      if (m.dialect === 'sqlite') await renameDurable(snapshotFile, path.join(dataDir, 'fieldkeep.sqlite'));
      await fsp.rm(work, { recursive: true, force: true });
      await fsyncTree(dataDir);
      ok = true;
      if (m.dialect === 'postgres') {
        const searchPath = await currentSchemaOf(opts.databaseUrl!);
        if (searchPath !== m.pgSchema) {
          warnings.push(`The data is in schema ${m.pgSchema}, but DATABASE_URL's search_path is ${searchPath}: point the server's DATABASE_URL at schema ${m.pgSchema}.`);
        }
      }
    }
    return {
      id: m.id,
      dataDir,
      dialect: m.dialect,
      pgSchema: m.pgSchema,
      ok,
      problems: capProblems(problems),
      warnings,
      tables: m.tables.length,
      blobs: blobs.checked,
      bytes: blobs.bytes + m.snapshot.bytes,
      durationMs: Math.round(performance.now() - t0),
    };
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
    if (!ok) {
      // Leave the folder as it was found (empty, or absent), so no server starts on half a restore.
      if (createdDataDir) await fsp.rm(dataDir, { recursive: true, force: true });
      else for (const f of await fsp.readdir(dataDir).catch(() => [] as string[])) await fsp.rm(path.join(dataDir, f), { recursive: true, force: true });
    }
    await lock.release();
  }
}
