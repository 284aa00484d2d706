import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * The plain copies of a tenant's packs: `<dataDir>/packs/<tenantId>/<timestamp>.zip`, for an
 * operator who wants the file itself (copy it to a laptop, print from it). Written like a blob:
 * temp file beside the target, fsync, rename, fsync the folder — a crash never leaves half a zip.
 */

export const packsDir = (dataDir: string, tenantId: string): string => path.join(dataDir, 'packs', tenantId);

/** "2026-11-23T010000Z.zip": sorts by time, safe on every filesystem. */
export const packFileName = (createdAt: string): string => `${createdAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z')}.zip`;

export async function writePackFile(dir: string, name: string, bytes: Buffer): Promise<string> {
  await fsp.mkdir(dir, { recursive: true });
  const target = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await fsp.open(tmp, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
    await fh.close();
    await fsp.rename(tmp, target);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  const d = await fsp.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
  return target;
}

/** Keeps the newest `keep` zips of the folder; answers the names removed. */
export async function prunePackFiles(dir: string, keep: number): Promise<string[]> {
  const names = (await fsp.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.zip')).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const n of old) await fsp.rm(path.join(dir, n), { force: true });
  return old;
}
