import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { BackupError } from './backup-error.js';
import { readJsonIfExists, writeFileDurable } from './durable-files.js';
import { newFolderKey, readIdentityFile, unwrapFolderKey, wrapFolderKey, WrongKeyError, type KeyProtection } from './encryption.js';

/**
 * A backup folder holds many backups and one shared, incremental blob store:
 *
 *   fieldkeep-backup.json        plain: format, the folder's public key, how its key is protected
 *   key.age                      the folder's secret key, encrypted (passphrase or recipients)
 *   blobs/<aa>/<sha256>.age      every blob, once, encrypted to the folder key
 *   backups/<id>/backup.json     plain: id, time, dialect, sizes — written last: a backup without it
 *                                never finished and does not count
 *   backups/<id>/blobs.txt       plain: the blob names this backup needs (for retention)
 *   backups/<id>/manifest.age    encrypted: tables, row counts, hashes, positions, blob list
 *   backups/<id>/snapshot.age    encrypted: the SQLite copy or the pg_dump file
 *   backups/<id>/verify.json     plain: the last verify's result (a backup is good once it says ok)
 *   backups/.partial-<id>/       a backup being written (removed if the writer died)
 *   .lock                        held by the one command writing to the folder
 */

export const FOLDER_FILE = 'fieldkeep-backup.json';
export const KEY_FILE = 'key.age';

export const ZFolderInfo = z.object({
  format: z.literal('fieldkeep-backup-folder'),
  version: z.literal(1),
  createdAt: z.string(),
  /** The folder key's age recipient (public). */
  recipient: z.string().startsWith('age1'),
  protection: z.enum(['passphrase', 'recipients']),
  recipients: z.array(z.string()),
});
export type FolderInfo = z.infer<typeof ZFolderInfo>;

export const ZBackupInfo = z.object({
  id: z.string(),
  createdAt: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  snapshotBytes: z.number(),
  blobCount: z.number(),
  blobBytes: z.number(),
});
export type BackupInfo = z.infer<typeof ZBackupInfo>;

export const ZVerifyInfo = z.object({ ok: z.boolean(), verifiedAt: z.string(), problems: z.array(z.string()) });
export type VerifyInfo = z.infer<typeof ZVerifyInfo>;

export interface ListedBackup extends BackupInfo {
  verify: VerifyInfo | undefined;
}

export const paths = {
  folderFile: (dir: string) => path.join(dir, FOLDER_FILE),
  keyFile: (dir: string) => path.join(dir, KEY_FILE),
  blobsDir: (dir: string) => path.join(dir, 'blobs'),
  blob: (dir: string, sha256: string) => path.join(dir, 'blobs', sha256.slice(0, 2), `${sha256}.age`),
  backupsDir: (dir: string) => path.join(dir, 'backups'),
  backup: (dir: string, id: string) => path.join(dir, 'backups', id),
  partial: (dir: string, id: string) => path.join(dir, 'backups', `.partial-${id}`),
  lock: (dir: string) => path.join(dir, '.lock'),
};
export const BACKUP_FILES = { info: 'backup.json', blobList: 'blobs.txt', manifest: 'manifest.age', snapshot: 'snapshot.age', verify: 'verify.json' };

/** Sortable by time, to the millisecond: 20261123T023000123Z-3fa9. */
export function newBackupId(now: Date): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(2).toString('hex')}`;
}

export async function readFolderInfo(dir: string): Promise<FolderInfo | undefined> {
  const raw = await readJsonIfExists(paths.folderFile(dir));
  if (raw === undefined) return undefined;
  const parsed = ZFolderInfo.safeParse(raw);
  if (!parsed.success) throw new BackupError('not_a_backup_folder', `${paths.folderFile(dir)} is not a Fieldkeep backup folder description.`);
  return parsed.data;
}

/**
 * Opens a folder for a new backup, making it (and its key) on first use. A passphrase folder checks
 * the passphrase opens its key, so a changed passphrase is caught tonight rather than at a restore.
 */
export async function openFolderForCreate(dir: string, protection: KeyProtection, now: Date): Promise<FolderInfo> {
  await fsp.mkdir(dir, { recursive: true });
  const existing = await readFolderInfo(dir);
  if (!existing) {
    // A folder whose first use was cut short holds at most the key and temp files: start it again.
    const other = (await fsp.readdir(dir)).filter((f) => f !== '.lock' && f !== KEY_FILE && !(f.startsWith('.') && f.endsWith('.tmp')));
    if (other.length > 0) {
      throw new BackupError('not_a_backup_folder', `${dir} is not empty and is not a Fieldkeep backup folder (no ${FOLDER_FILE}); choose an empty or new folder.`);
    }
    const key = await newFolderKey();
    await writeFileDurable(paths.keyFile(dir), await wrapFolderKey(key.identity, protection));
    const info: FolderInfo = {
      format: 'fieldkeep-backup-folder',
      version: 1,
      createdAt: now.toISOString(),
      recipient: key.recipient,
      protection: 'passphrase' in protection ? 'passphrase' : 'recipients',
      recipients: 'recipients' in protection ? protection.recipients : [],
    };
    await writeFileDurable(paths.folderFile(dir), `${JSON.stringify(info, null, 2)}\n`);
    return info;
  }
  if ('passphrase' in protection) {
    if (existing.protection !== 'passphrase') {
      throw new BackupError('folder_keys_differ', `${dir} is protected by age recipients (${existing.recipients.join(', ')}), not by a passphrase: set FIELDKEEP_BACKUP_RECIPIENTS as before, or use a new folder.`);
    }
    await unlockFolder(dir, { passphrase: protection.passphrase });
    return existing;
  }
  const want = [...protection.recipients].sort().join(',');
  if (existing.protection !== 'recipients' || [...existing.recipients].sort().join(',') !== want) {
    throw new BackupError(
      'folder_keys_differ',
      existing.protection === 'passphrase'
        ? `${dir} is protected by a passphrase: set FIELDKEEP_BACKUP_PASSPHRASE as before, or use a new folder.`
        : `${dir}'s key is encrypted to ${existing.recipients.join(', ')}, not to FIELDKEEP_BACKUP_RECIPIENTS (${protection.recipients.join(', ')}): use a new folder for new recipients.`,
    );
  }
  return existing;
}

export interface FolderKeys {
  passphrase?: string | undefined;
  identityFile?: string | undefined;
}

/** Decrypts the folder key (one scrypt with a passphrase). */
export async function unlockFolder(dir: string, keys: FolderKeys): Promise<{ info: FolderInfo; identity: string }> {
  const info = await readFolderInfo(dir);
  if (!info) throw new BackupError('not_a_backup_folder', `${dir} is not a Fieldkeep backup folder (no ${FOLDER_FILE}).`);
  if (info.protection === 'passphrase' && !keys.passphrase) {
    throw new BackupError('no_keys', `${dir} is protected by a passphrase: set FIELDKEEP_BACKUP_PASSPHRASE.`);
  }
  if (info.protection === 'recipients' && !keys.identityFile) {
    throw new BackupError('no_keys', `${dir} is encrypted to age recipients: set FIELDKEEP_BACKUP_IDENTITY to a file holding a matching AGE-SECRET-KEY-1… identity.`);
  }
  let wrapped: Buffer;
  try {
    wrapped = await fsp.readFile(paths.keyFile(dir));
  } catch {
    throw new BackupError('not_a_backup_folder', `${paths.keyFile(dir)} is missing: without it nothing in this folder can be decrypted.`);
  }
  try {
    const identities = info.protection === 'recipients' && keys.identityFile ? readIdentityFile(keys.identityFile) : [];
    const identity = await unwrapFolderKey(wrapped, info.protection === 'passphrase' ? { passphrase: keys.passphrase } : { identities });
    return { info, identity };
  } catch (err) {
    if (!(err instanceof WrongKeyError)) throw err;
    throw new BackupError(
      'wrong_key',
      info.protection === 'passphrase'
        ? `FIELDKEEP_BACKUP_PASSPHRASE does not open ${dir}: it is not the passphrase this folder was made with.`
        : `The identity in ${keys.identityFile} does not open ${dir} (${err.message}).`,
    );
  }
}

/** The finished backups of a folder, oldest first, with their last verify result. */
export async function listBackups(dir: string): Promise<ListedBackup[]> {
  let names: string[];
  try {
    names = await fsp.readdir(paths.backupsDir(dir));
  } catch {
    return [];
  }
  const out: ListedBackup[] = [];
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const info = ZBackupInfo.safeParse(await readJsonIfExists(path.join(paths.backup(dir, name), BACKUP_FILES.info)));
    if (!info.success || info.data.id !== name) continue;
    const verify = ZVerifyInfo.safeParse(await readJsonIfExists(path.join(paths.backup(dir, name), BACKUP_FILES.verify)));
    out.push({ ...info.data, verify: verify.success ? verify.data : undefined });
  }
  return out;
}

/** The backup a command works on: the named one, or the newest (newest good one when `good`). */
export async function pickBackup(dir: string, opts: { id?: string | undefined; good?: boolean }): Promise<ListedBackup> {
  const all = await listBackups(dir);
  if (opts.id) {
    const b = all.find((x) => x.id === opts.id);
    if (!b) throw new BackupError('no_backup', `${dir} has no finished backup ${opts.id}. It has: ${all.map((x) => x.id).join(', ') || 'none'}.`);
    return b;
  }
  const candidates = opts.good ? all.filter((b) => b.verify?.ok) : all;
  const b = candidates.at(-1);
  if (!b) {
    throw new BackupError(
      'no_backup',
      opts.good && all.length > 0
        ? `${dir} has no verified backup yet: run \`fieldkeep backup verify --from ${dir}\` first, or name one with --backup.`
        : `${dir} holds no finished backup.`,
    );
  }
  return b;
}

/**
 * One writer per folder at a time (the nightly run, a CLI command). A lock left by a process that
 * is gone (same host) is taken over; otherwise the command is refused with who holds it.
 */
export async function lockFolder(dir: string, purpose: string): Promise<{ release(): Promise<void> }> {
  await fsp.mkdir(dir, { recursive: true });
  const file = paths.lock(dir);
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), purpose, since: new Date().toISOString(), token: randomBytes(8).toString('hex') });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(file, me, { flag: 'wx' });
      return {
        async release() {
          if ((await fsp.readFile(file, 'utf8').catch(() => '')) === me) await fsp.rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = (await readJsonIfExists(file).catch(() => undefined)) as { pid?: number; host?: string; purpose?: string; since?: string } | undefined;
      if (holder?.host === os.hostname() && typeof holder.pid === 'number' && !processAlive(holder.pid)) {
        await fsp.rm(file, { force: true });
        continue;
      }
      throw new BackupError(
        'busy',
        `Another command is using ${dir} (${holder?.purpose ?? 'unknown'}, pid ${holder?.pid ?? '?'} on ${holder?.host ?? '?'} since ${holder?.since ?? '?'}). Try again when it has finished; if no such process exists, delete ${file}.`,
      );
    }
  }
  throw new BackupError('busy', `Could not lock ${dir}.`);
}

/** Whether a process of this host is still running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what a crashed writer left: partial backups and temp files. Call with the lock held. */
export async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await fsp.readdir(paths.backupsDir(dir)).catch(() => [] as string[])) {
    if (name.startsWith('.partial-')) await fsp.rm(path.join(paths.backupsDir(dir), name), { recursive: true, force: true });
  }
  const blobs = paths.blobsDir(dir);
  if (!fs.existsSync(blobs)) return;
  for (const sub of await fsp.readdir(blobs)) {
    const d = path.join(blobs, sub);
    for (const f of await fsp.readdir(d).catch(() => [] as string[])) {
      if (f.startsWith('.') && f.endsWith('.tmp')) await fsp.rm(path.join(d, f), { force: true });
    }
  }
}
