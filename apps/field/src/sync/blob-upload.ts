import type { OutboxRow } from '../store/schema';
import { blobsNamedBy } from './blob-refs';
import { call, HttpError } from './http';
import { markUploaded, readBlob } from './outbox-store';

/**
 * Every blob an attachment.add or a form submission names (blob-refs.ts) is on the server before
 * that mutation is pushed. A blob not yet uploaded is PUT (the server answers 201 new / 200
 * known); one uploaded earlier is re-checked with HEAD and PUT again if the server no longer has
 * it (a restored or promoted server).
 */

export class BlobProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobProblem';
  }
}

const CONCURRENCY = 3;

export async function uploadBlobsFor(batch: readonly OutboxRow[], token: string): Promise<void> {
  const shas = [...new Set(batch.flatMap(blobsNamedBy))];
  let i = 0;
  const worker = async () => {
    while (i < shas.length) await ensureUploaded(shas[i++]!, token);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, shas.length) }, worker));
}

async function ensureUploaded(sha256: string, token: string): Promise<void> {
  const path = `/api/blobs/${sha256}`;
  const row = await readBlob(sha256);
  if (row?.uploadedAt || !row) {
    const head = await call('HEAD', path, { token });
    if (head.status === 200) return;
    // Bytes gone from this phone and not on the server: push anyway — the server keeps the
    // rejected mutation for the office, which is all that can still be done.
    if (!row) return;
  }
  try {
    await call('PUT', path, { token, body: new Blob([row.blob], { type: row.contentType }) });
  } catch (err) {
    if (err instanceof HttpError && err.code === 'hash_mismatch') {
      throw new BlobProblem('A photo or signature on this phone is damaged (its contents no longer match). Tell the office; it stays on the phone.');
    }
    throw err;
  }
  await markUploaded(sha256);
}
