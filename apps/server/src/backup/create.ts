import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlobStore } from '../blobs/blob-store.js';
import type { Dialect } from '../db/database.js';
import { BackupError } from './backup-error.js';
import { fsyncTree, renameDurable, writeFileDurable } from './durable-files.js';
import { DigestMismatchError, FileEncrypter, type KeyProtection } from './encryption.js';
import {
  BACKUP_FILES,
  lockFolder,
  newBackupId,
  openFolderForCreate,
  paths,
  processAlive,
  removeLeftovers,
  type BackupInfo,
} from './folder.js';
import type { BlobEntry, Manifest, SnapshotSummary } from './manifest.js';
import { dumpPostgres } from './postgres.js';
import { noProgress, rateLimiter, type Progress } from './progress.js';
import { runSqliteTask } from './sqlite-worker.js';

/** The live system being backed up. */
export interface BackupSource {
  dialect: Dialect;
  /** SQLite: the live database file. */
  sqlitePath?: string | undefined;
  /** PostgreSQL: DATABASE_URL (its search_path chooses the schema). */
  databaseUrl?: string | undefined;
  /** Blobs live under `<dataDir>/blobs`; temporary plaintext snapshots under `<dataDir>/backup-tmp`. */
  dataDir: string;
}

export interface BackupKeySettings {
  passphrase?: string | undefined;
  recipients?: string[] | undefined;
}

export interface CreateResult {
  id: string;
  dir: string;
  createdAt: string;
  dialect: Dialect;
  tables: number;
  changeLogPosition: number | null;
  snapshotBytes: number;
  /** Bytes this run wrote to the folder (snapshot, manifest, new blobs), encrypted. */
  bytesWritten: number;
  blobs: { total: number; new: number; reused: number; bytes: number };
  /** Blobs the database lists whose files are missing or damaged: the backup holds everything else. */
  missingBlobs: BlobEntry[];
  /** What is wrong with those blobs; a backup with problems is kept but never counts as good. */
  problems: string[];
  durationMs: number;
}

export function keyProtection(keys: BackupKeySettings): KeyProtection {
  if (keys.passphrase) return { passphrase: keys.passphrase };
  if (keys.recipients && keys.recipients.length > 0) return { recipients: keys.recipients };
  throw new BackupError(
    'no_keys',
    'Backups are always encrypted: set FIELDKEEP_BACKUP_PASSPHRASE (at least 12 characters) or FIELDKEEP_BACKUP_RECIPIENTS (age public keys, age1…). Nothing was written.',
  );
}

/**
 * Writes one backup into `dir`: a consistent snapshot, its manifest and every blob the snapshot's
 * `blobs` table lists that the folder does not hold yet. The backup appears (its folder is renamed
 * into place, with backup.json) only once every file is written and fsynced.
 */
export async function createBackup(opts: {
  source: BackupSource;
  dir: string;
  keys: BackupKeySettings;
  now: Date;
  progress?: Progress;
}): Promise<CreateResult> {
  const t0 = performance.now();
  const progress = opts.progress ?? noProgress;
  const protection = keyProtection(opts.keys);
  const dir = path.resolve(opts.dir);
  const lock = await lockFolder(dir, 'backup create');
  const id = newBackupId(opts.now);
  const tmpDir = path.join(opts.source.dataDir, 'backup-tmp');
  // Named by process, so a later run can tell a dead writer's leftover from a live one's file.
  const plainSnapshot = path.join(tmpDir, `${process.pid}-${id}.${opts.source.dialect === 'sqlite' ? 'sqlite' : 'dump'}`);
  const partial = paths.partial(dir, id);
  try {
    const folder = await openFolderForCreate(dir, protection, opts.now);
    await removeLeftovers(dir);
    await removeDeadSnapshots(tmpDir);
    await fsp.mkdir(tmpDir, { recursive: true });
    await fsp.mkdir(partial, { recursive: true });

    progress({ step: 'snapshot', message: 'taking a consistent snapshot' });
    const { summary, pgSchema } = await takeSnapshot(opts.source, plainSnapshot, progress);

    const enc = new FileEncrypter(folder.recipient);
    const plainSize = (await fsp.stat(plainSnapshot)).size;
    let encrypted = 0;
    const due = rateLimiter();
    const snap = await enc.encryptTo(fs.createReadStream(plainSnapshot), path.join(partial, BACKUP_FILES.snapshot), {
      onBytes: (n) => {
        encrypted += n;
        if (due()) progress({ step: 'copy', bytes: encrypted, total: plainSize });
      },
    });
    progress({ step: 'copy', bytes: plainSize, total: plainSize });
    await fsp.rm(plainSnapshot, { force: true });

    const blobs = await copyBlobs(dir, enc, opts.source.dataDir, summary.blobs, progress);

    const manifest: Manifest = {
      format: 'fieldkeep-backup-manifest',
      version: 1,
      id,
      createdAt: opts.now.toISOString(),
      dialect: opts.source.dialect,
      pgSchema,
      ...summary,
      missingBlobs: blobs.missing,
      snapshot: { bytes: snap.plain.bytes, sha256: snap.plain.sha256, encryptedBytes: snap.encryptedBytes },
      blobBytes: blobs.bytes,
    };
    const manifestBytes = await enc.encryptBytes(JSON.stringify(manifest));
    await writeFileDurable(path.join(partial, BACKUP_FILES.manifest), manifestBytes);
    await writeFileDurable(path.join(partial, BACKUP_FILES.blobList), blobs.present.map((b) => `${b.sha256}\n`).join(''));
    const info: BackupInfo = {
      id,
      createdAt: manifest.createdAt,
      dialect: manifest.dialect,
      snapshotBytes: snap.encryptedBytes,
      blobCount: blobs.present.length,
      blobBytes: blobs.bytes,
    };
    // backup.json last, then one rename publishes the whole backup.
    await writeFileDurable(path.join(partial, BACKUP_FILES.info), `${JSON.stringify(info, null, 2)}\n`);
    await fsyncTree(partial);
    await fsp.mkdir(paths.backupsDir(dir), { recursive: true });
    await renameDurable(partial, paths.backup(dir, id));

    return {
      id,
      dir,
      createdAt: manifest.createdAt,
      dialect: manifest.dialect,
      tables: summary.tables.length,
      changeLogPosition: summary.changeLogPosition,
      snapshotBytes: snap.plain.bytes,
      bytesWritten: snap.encryptedBytes + manifestBytes.length + blobs.newEncryptedBytes,
      blobs: { total: summary.blobs.length, new: blobs.copied, reused: blobs.reused, bytes: blobs.bytes },
      missingBlobs: blobs.missing,
      problems: blobs.problems,
      durationMs: Math.round(performance.now() - t0),
    };
  } finally {
    await fsp.rm(plainSnapshot, { force: true });
    await fsp.rm(partial, { recursive: true, force: true });
    await lock.release();
  }
}

async function takeSnapshot(source: BackupSource, target: string, progress: Progress): Promise<{ summary: SnapshotSummary; pgSchema: string | null }> {
  if (source.dialect === 'sqlite') {
    if (!source.sqlitePath || !fs.existsSync(source.sqlitePath)) {
      throw new BackupError('database_not_ready', `There is no database at ${source.sqlitePath ?? '(unknown)'}: check FIELDKEEP_DATA_DIR.`);
    }
    const { summary } = await runSqliteTask({ kind: 'snapshot', live: source.sqlitePath, target }, progress);
    return { summary, pgSchema: null };
  }
  if (!source.databaseUrl) throw new BackupError('database_not_ready', 'A PostgreSQL backup needs DATABASE_URL (pg_dump connects with it).');
  const { summary, schema } = await dumpPostgres(source.databaseUrl, target, progress);
  return { summary, pgSchema: schema };
}

/** Encrypts into the folder each blob it does not hold yet, checking every byte against its hash. */
async function copyBlobs(dir: string, enc: FileEncrypter, dataDir: string, list: BlobEntry[], progress: Progress) {
  const store = new BlobStore(path.join(dataDir, 'blobs'));
  let copied = 0;
  let reused = 0;
  let bytes = 0;
  let newEncryptedBytes = 0;
  const missing: BlobEntry[] = [];
  const problems: string[] = [];
  const present: BlobEntry[] = [];
  const due = rateLimiter();
  const report = () => {
    if (due()) progress({ step: 'blobs', done: copied + reused + missing.length, total: list.length, bytes });
  };
  for (const b of list) {
    const target = paths.blob(dir, b.sha256);
    if (fs.existsSync(target)) {
      reused++;
      bytes += b.size;
      present.push(b);
      report();
      continue;
    }
    const source = store.pathOf(b.sha256);
    if (!fs.existsSync(source)) {
      missing.push(b);
      problems.push(`blob ${b.sha256}: listed in the database, but ${source} does not exist`);
      continue;
    }
    try {
      const r = await enc.encryptTo(fs.createReadStream(source), target, { expect: { sha256: b.sha256, bytes: b.size } });
      newEncryptedBytes += r.encryptedBytes;
    } catch (err) {
      if (!(err instanceof DigestMismatchError)) throw err;
      missing.push(b);
      problems.push(`blob ${b.sha256}: ${source} is damaged (${err.message})`);
      continue;
    }
    copied++;
    bytes += b.size;
    present.push(b);
    report();
  }
  progress({ step: 'blobs', done: list.length, total: list.length, bytes });
  return { copied, reused, bytes, newEncryptedBytes, missing, problems, present };
}

/** Plaintext snapshots left in `<dataDir>/backup-tmp` by a backup that was killed. */
async function removeDeadSnapshots(tmpDir: string): Promise<void> {
  for (const f of await fsp.readdir(tmpDir).catch(() => [] as string[])) {
    const pid = Number(/^(\d+)-/.exec(f)?.[1]);
    if (pid && !processAlive(pid)) await fsp.rm(path.join(tmpDir, f), { force: true });
  }
}
