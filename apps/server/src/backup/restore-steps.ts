import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipelineCb, Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackupError } from './backup-error.js';
import { writeStreamDurable } from './durable-files.js';
import { digestStream, type FileDecrypter } from './encryption.js';
import { BACKUP_FILES, paths } from './folder.js';
import { compareSummary, ZManifest, type Manifest } from './manifest.js';
import { restorePostgres, summariseRestored } from './postgres.js';
import { noProgress, rateLimiter, type Progress } from './progress.js';
import { runSqliteTask } from './sqlite-worker.js';

/** The steps verify and restore share: decrypt, restore, check against the manifest. */

const MAX_LISTED = 20;

/** Keeps a problem list readable: the first 20, then a count. */
export function capProblems(problems: string[]): string[] {
  return problems.length <= MAX_LISTED ? problems : [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`];
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `src` through `t`, with an error on either side reaching whoever reads `t` (pipe() would hang). */
const through = <T extends Transform>(src: Readable, t: T): T => {
  pipelineCb(src, t, () => undefined);
  return t;
};

export async function readManifest(dir: string, id: string, dec: FileDecrypter): Promise<Manifest> {
  const file = path.join(paths.backup(dir, id), BACKUP_FILES.manifest);
  let plain: Buffer;
  try {
    plain = await dec.decryptBytes(await fsp.readFile(file));
  } catch (err) {
    throw new ManifestUnreadable(`${file} cannot be decrypted (${errorText(err)}): the file is damaged, or it is not this folder's.`);
  }
  const parsed = ZManifest.safeParse(JSON.parse(plain.toString('utf8')));
  if (!parsed.success || parsed.data.id !== id) throw new ManifestUnreadable(`${file} is not the manifest of backup ${id}.`);
  return parsed.data;
}

export class ManifestUnreadable extends Error {}

/** Decrypts the snapshot into `target` and checks its size and SHA-256 against the manifest. */
export async function decryptSnapshot(dir: string, m: Manifest, dec: FileDecrypter, target: string, progress: Progress = noProgress): Promise<string[]> {
  const file = path.join(paths.backup(dir, m.id), BACKUP_FILES.snapshot);
  if (!fs.existsSync(file)) return [`snapshot: ${file} is missing`];
  const size = (await fsp.stat(file)).size;
  if (size !== m.snapshot.encryptedBytes) {
    // Reported, and decryption still tried: it says whether the damage is fatal.
    progress({ step: 'snapshot', message: `snapshot.age is ${size} bytes, the manifest says ${m.snapshot.encryptedBytes}` });
  }
  let done = 0;
  const due = rateLimiter();
  const digest = digestStream((n) => {
    done += n;
    if (due()) progress({ step: 'copy', bytes: done, total: m.snapshot.bytes });
  });
  try {
    await writeStreamDurable(target, through(await dec.open(file), digest));
  } catch (err) {
    return [`snapshot: ${file} cannot be decrypted (${errorText(err)}): it is damaged or truncated (${size} bytes, ${m.snapshot.encryptedBytes} written)`];
  }
  const d = digest.digest();
  progress({ step: 'copy', bytes: d.bytes, total: m.snapshot.bytes });
  if (d.bytes !== m.snapshot.bytes || d.sha256 !== m.snapshot.sha256) {
    return [`snapshot: decrypted to ${d.bytes} bytes with SHA-256 ${d.sha256.slice(0, 12)}…, the manifest says ${m.snapshot.bytes} bytes, ${m.snapshot.sha256.slice(0, 12)}…`];
  }
  return [];
}

/** SQLite copy: integrity_check, foreign_key_check, then counts and hashes against the manifest. */
export async function checkSqliteCopy(file: string, m: Manifest, progress: Progress = noProgress): Promise<string[]> {
  try {
    const r = await runSqliteTask({ kind: 'check', file }, progress);
    return [...r.problems, ...compareSummary(m, r.summary)];
  } catch (err) {
    return [`snapshot: not a readable SQLite database (${errorText(err)})`];
  }
}

/** PostgreSQL: pg_restore into `url` (the dumped schema), then counts and hashes against the manifest. */
export async function restoreAndCheckPostgres(dumpFile: string, url: string, m: Manifest, progress: Progress = noProgress): Promise<string[]> {
  const schema = m.pgSchema ?? 'public';
  try {
    progress({ step: 'snapshot', message: `pg_restore into schema ${schema}` });
    await restorePostgres(dumpFile, url, schema);
  } catch (err) {
    if (err instanceof BackupError && err.code === 'target_not_empty') throw err;
    return [`snapshot: pg_restore failed: ${errorText(err)}`];
  }
  return compareSummary(m, await summariseRestored(url, schema, progress));
}

export function missingAtBackupTime(m: Manifest): string[] {
  return m.missingBlobs.length
    ? [`${m.missingBlobs.length} blobs the database lists were missing or damaged on the server when this backup was made, so it does not hold them (${m.missingBlobs.slice(0, 3).map((b) => b.sha256.slice(0, 12)).join(', ')}${m.missingBlobs.length > 3 ? ', …' : ''})`]
    : [];
}

/**
 * Decrypts every blob the backup holds and checks its SHA-256 and size. With `writeTo` (a restore)
 * each blob is also written there, crash-safely, named as the blob store names it.
 */
export async function checkBlobs(
  dir: string,
  m: Manifest,
  dec: FileDecrypter,
  opts: { progress?: Progress; writeTo?: string } = {},
): Promise<{ problems: string[]; checked: number; bytes: number }> {
  const progress = opts.progress ?? noProgress;
  const skip = new Set(m.missingBlobs.map((b) => b.sha256));
  const list = m.blobs.filter((b) => !skip.has(b.sha256));
  const problems: string[] = [];
  let checked = 0;
  let bytes = 0;
  const due = rateLimiter();
  for (const b of list) {
    const file = paths.blob(dir, b.sha256);
    const digest = digestStream();
    try {
      if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
      const plain = through(await dec.open(file), digest);
      if (opts.writeTo) {
        const target = path.join(opts.writeTo, b.sha256.slice(0, 2), b.sha256);
        await writeStreamDurable(target, plain, () => {
          const d = digest.digest();
          if (d.sha256 !== b.sha256 || d.bytes !== b.size) throw new Error(`decrypted to ${d.bytes} bytes with SHA-256 ${d.sha256}`);
        });
      } else {
        await pipeline(plain, new Writable({ write: (_c, _e, cb) => cb() }));
        const d = digest.digest();
        if (d.sha256 !== b.sha256 || d.bytes !== b.size) throw new Error(`decrypted to ${d.bytes} bytes with SHA-256 ${d.sha256.slice(0, 12)}…`);
      }
      checked++;
      bytes += b.size;
    } catch (err) {
      problems.push(`blob ${b.sha256} (${b.size} bytes): ${errorText(err)}`);
    }
    if (due()) progress({ step: 'blobs', done: checked, total: list.length, bytes });
  }
  progress({ step: 'blobs', done: checked, total: list.length, bytes });
  return { problems, checked, bytes };
}
