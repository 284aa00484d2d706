import type { Kysely, Selectable, Transaction } from 'kysely';
import type { BlobsTable, DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

export async function findOwnedBlob(db: Reader, tenantId: string, sha256: string): Promise<Selectable<BlobsTable> | undefined> {
  return db.selectFrom('blobs').selectAll().where('tenant_id', '=', tenantId).where('sha256', '=', sha256).executeTakeFirst();
}

/** Records that a tenant owns a stored blob; a change-log row lets replicas fetch it. */
export async function recordBlob(tx: WriteTx, b: { tenantId: string; sha256: string; size: number; contentType: string; userId: string }): Promise<boolean> {
  const existing = await findOwnedBlob(tx.trx, b.tenantId, b.sha256);
  if (existing) return false;
  await tx.trx
    .insertInto('blobs')
    .values({ tenant_id: b.tenantId, sha256: b.sha256, size: b.size, content_type: b.contentType, created_at: tx.now, created_by: b.userId })
    .execute();
  tx.record({ tenantId: b.tenantId, entity: 'blob', id: b.sha256, op: 'put', data: { sha256: b.sha256, size: b.size, contentType: b.contentType } });
  return true;
}
