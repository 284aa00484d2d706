import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../errors/app-error.js';

/**
 * Content-addressed files under `<dataDir>/blobs/<aa>/<sha256>`, stored once whatever the number of
 * tenants that uploaded them (ownership is in the database). A write goes to a temp file beside the
 * target; the hash and length are checked; the file is fsynced, renamed into place and the folder
 * fsynced — only then does the caller record it. A crash at any point leaves no half-written blob.
 */
export class BlobStore {
  /** Test hook: called before each chunk is written (lets a test inject ENOSPC). */
  beforeWrite: ((bytesSoFar: number) => void) | undefined;

  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** Streams a body into the store. Throws `hash_mismatch` / `body_too_large`; nothing is kept then. */
  async put(sha256: string, body: Readable, maxBytes: number): Promise<{ size: number }> {
    const target = this.pathOf(sha256);
    const dir = path.dirname(target);
    await fsp.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await fsp.open(tmp, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw new AppError('body_too_large', `A blob may be at most ${maxBytes} bytes.`);
        this.beforeWrite?.(size);
        hash.update(chunk);
        await fh.write(chunk);
      }
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        throw new AppError('hash_mismatch', `The body's SHA-256 is ${actual}, not ${sha256}: nothing was kept. Send the file again.`);
      }
      if (size === 0) throw new AppError('validation_failed', 'A blob cannot be empty.');
      await fh.sync();
      await fh.close();
      await fsp.rename(tmp, target);
      await fsyncDir(dir);
      return { size };
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fsp.rm(tmp, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new AppError('storage_full', 'The server has no room to store this file now; the phone keeps it and tries again.');
      }
      throw err;
    }
  }

  open(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const d = await fsp.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
