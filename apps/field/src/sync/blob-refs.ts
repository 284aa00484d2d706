import { ZSha256 } from '@fieldkeep/domain';
import type { OutboxRow } from '../store/schema';

/**
 * The blobs (photo / signature bytes) a pending mutation names, which must be on the server before
 * it is pushed and stay on the phone until then: an attachment's `sha256`, and the SHA-256s in a
 * form submission's answers (photo questions hold a list, a signature one). A text answer that
 * merely looks like a hash is harmless: no such blob is on the phone, and the server has none.
 */
export function blobsNamedBy(m: Pick<OutboxRow, 'name' | 'args'>): string[] {
  if (m.name === 'attachment.add') return [String(m.args.sha256)];
  if (m.name !== 'formSubmission.submit') return [];
  const answers = m.args.answers;
  if (!answers || typeof answers !== 'object') return [];
  const out: string[] = [];
  for (const v of Object.values(answers as Record<string, unknown>)) {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string' && ZSha256.safeParse(x).success) out.push(x);
  }
  return out;
}
