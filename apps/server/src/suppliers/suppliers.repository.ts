import type { TContactInput, TSupplier } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import { findOrg, insertOrg, listOrgs, updateOrg, type OrgFields } from '../clients/organisations.repository.js';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

export async function listSuppliers(db: Reader, tenantId: string, opts: { q?: string | undefined; limit: number; offset: number }): Promise<TSupplier[]> {
  return listOrgs(db, 'supplier', tenantId, opts);
}

export async function findSupplier(db: Reader, tenantId: string, id: string): Promise<TSupplier | undefined> {
  return findOrg(db, 'supplier', tenantId, id);
}

export async function insertSupplier(tx: WriteTx, tenantId: string, fields: OrgFields, contacts: readonly TContactInput[] = []): Promise<TSupplier> {
  return insertOrg(tx, 'supplier', tenantId, fields, contacts);
}

export async function updateSupplier(tx: WriteTx, tenantId: string, id: string, patch: Partial<OrgFields>, contacts: readonly TContactInput[] | undefined): Promise<TSupplier> {
  return updateOrg(tx, 'supplier', tenantId, id, patch, contacts);
}
