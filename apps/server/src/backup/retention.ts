import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './durable-files.js';
import { BACKUP_FILES, listBackups, lockFolder, paths, removeLeftovers } from './folder.js';

export interface PruneResult {
  /** Backups removed, oldest first. */
  removedBackups: string[];
  removedBlobs: number;
  keptBackups: number;
}

/**
 * Retention: keeps the newest `keep` good (verified) backups and everything newer than the oldest of
 * them; removes older backups (good or not) and folders of backups that never finished, then every
 * blob no remaining backup needs. Nothing is
 * removed until at least one backup is good. If any remaining backup's blob list cannot be read, no
 * blob is removed (better a few extra files than a backup missing one).
 */
export async function pruneBackups(dir: string, keep: number): Promise<PruneResult> {
  const lock = await lockFolder(dir, 'retention');
  try {
    await removeLeftovers(dir);
    const all = await listBackups(dir);
    const good = all.filter((b) => b.verify?.ok);
    const oldestKept = good.length >= keep ? good[good.length - keep] : good[0];
    if (!oldestKept) return { removedBackups: [], removedBlobs: 0, keptBackups: all.length };
    const remove = all.filter((b) => b.id < oldestKept.id);
    for (const b of remove) {
      // backup.json first: from then on the backup no longer counts, even if the rest stays.
      await fsp.rm(path.join(paths.backup(dir, b.id), BACKUP_FILES.info), { force: true });
      await fsp.rm(paths.backup(dir, b.id), { recursive: true, force: true });
    }
    // Folders that never finished (no backup.json) never count: nothing is writing them (we hold the lock).
    const finished = new Set(all.map((b) => b.id));
    for (const name of await fsp.readdir(paths.backupsDir(dir))) {
      if (!finished.has(name)) await fsp.rm(paths.backup(dir, name), { recursive: true, force: true });
    }
    await fsyncDir(paths.backupsDir(dir));

    const kept = all.filter((b) => b.id >= oldestKept.id);
    const needed = new Set<string>();
    for (const b of kept) {
      try {
        const list = await fsp.readFile(path.join(paths.backup(dir, b.id), BACKUP_FILES.blobList), 'utf8');
        for (const line of list.split('\n')) if (line) needed.add(line);
      } catch {
        return { removedBackups: remove.map((x) => x.id), removedBlobs: 0, keptBackups: kept.length };
      }
    }
    let removedBlobs = 0;
    const blobsDir = paths.blobsDir(dir);
    if (fs.existsSync(blobsDir)) {
      for (const sub of await fsp.readdir(blobsDir)) {
        const d = path.join(blobsDir, sub);
        let removedHere = false;
        for (const f of await fsp.readdir(d)) {
          const sha = f.replace(/\.age$/, '');
          if (f.endsWith('.age') && !needed.has(sha)) {
            await fsp.rm(path.join(d, f), { force: true });
            removedBlobs++;
            removedHere = true;
          }
        }
        if (removedHere) await fsyncDir(d);
      }
    }
    return { removedBackups: remove.map((b) => b.id), removedBlobs, keptBackups: kept.length };
  } finally {
    await lock.release();
  }
}
