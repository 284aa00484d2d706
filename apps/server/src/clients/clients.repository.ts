import type { TClient } from '@fieldkeep/domain';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ClientsTable, DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;

export const clientRowToClient = (r: Selectable<ClientsTable>): TClient => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
});

export async function listClients(db: Reader, tenantId: string, onlyId?: string): Promise<TClient[]> {
  let q = db.selectFrom('clients').selectAll().where('tenant_id', '=', tenantId).orderBy('name');
  if (onlyId) q = q.where('id', '=', onlyId);
  return (await q.execute()).map(clientRowToClient);
}

export async function findClient(db: Reader, tenantId: string, id: string): Promise<TClient | undefined> {
  const row = await db
    .selectFrom('clients')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && clientRowToClient(row);
}

export async function insertClient(tx: WriteTx, tenantId: string, name: string): Promise<TClient> {
  const row = { id: newId(), tenant_id: tenantId, name, created_at: tx.now, updated_at: tx.now };
  await tx.trx.insertInto('clients').values(row).execute();
  const client = clientRowToClient(row);
  tx.record({ tenantId, entity: 'client', id: row.id, op: 'put', data: { ...client } });
  return client;
}
