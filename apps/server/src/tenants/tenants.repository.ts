import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';

export interface Tenant {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
}

export async function countTenants(db: Kysely<DB> | Transaction<DB>): Promise<number> {
  const row = await db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findTenantBySlug(db: Kysely<DB> | Transaction<DB>, slug: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && { id: row.id, name: row.name, slug: row.slug, timeZone: row.time_zone };
}

export async function findTenantById(db: Kysely<DB> | Transaction<DB>, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, slug: row.slug, timeZone: row.time_zone };
}

export async function insertTenant(tx: WriteTx, t: Omit<Tenant, 'id'>): Promise<Tenant> {
  const tenant = { id: newId(), ...t };
  await tx.trx
    .insertInto('tenants')
    .values({ id: tenant.id, name: t.name, slug: t.slug, time_zone: t.timeZone, created_at: tx.now, updated_at: tx.now })
    .execute();
  tx.record({ tenantId: tenant.id, entity: 'tenant', id: tenant.id, op: 'put', data: { ...tenant } });
  return tenant;
}
