import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/**
 * Crash-safe writes: a temp file beside the target, fsync, rename, fsync the folder. A crash at any
 * point leaves either the old state or the whole new file, never a part of one under the real name.
 * Temp files start with a dot and end in `.tmp`, so listings skip them and cleanup finds them.
 */

export function tempPathBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function fsyncDir(dir: string): Promise<void> {
  const d = await fsp.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/** Streams `source` into `target` crash-safely. Answers the bytes written. */
export async function writeStreamDurable(
  target: string,
  source: Readable | AsyncIterable<Uint8Array>,
  /** Last check before the file takes its name (throw to keep nothing). */
  beforeRename?: () => void,
): Promise<number> {
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const tmp = tempPathBeside(target);
  const fh = await fsp.open(tmp, 'wx');
  let bytes = 0;
  try {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      await fh.write(chunk);
    }
    await fh.sync();
    await fh.close();
    beforeRename?.();
    await fsp.rename(tmp, target);
    await fsyncDir(path.dirname(target));
    return bytes;
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

export async function writeFileDurable(target: string, data: string | Uint8Array): Promise<void> {
  await writeStreamDurable(target, Readable.from([typeof data === 'string' ? Buffer.from(data, 'utf8') : data]));
}

/** Renames a file or folder and makes the rename durable. */
export async function renameDurable(from: string, to: string): Promise<void> {
  await fsp.rename(from, to);
  await fsyncDir(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) await fsyncDir(path.dirname(from));
}

/** Fsyncs every file in a folder tree, then the folders (before a rename publishes the tree). */
export async function fsyncTree(dir: string): Promise<void> {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await fsyncTree(p);
    else if (entry.isFile()) {
      const fh = await fsp.open(p, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  }
  await fsyncDir(dir);
}

export function isEmptyOrMissingDir(dir: string): boolean {
  if (!fs.existsSync(dir)) return true;
  return fs.readdirSync(dir).length === 0;
}

export async function readJsonIfExists(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
