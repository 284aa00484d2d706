import type { TClient, TContactInput } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { findOrg, insertOrg, listOrgs, updateOrg, type OrgFields } from './organisations.repository.js';

type Reader = Kysely<DB> | Transaction<DB>;

export async function listClients(db: Reader, tenantId: string, opts: { onlyId?: string | undefined; q?: string | undefined; limit: number; offset: number }): Promise<TClient[]> {
  return listOrgs(db, 'client', tenantId, opts);
}

export async function findClient(db: Reader, tenantId: string, id: string): Promise<TClient | undefined> {
  return findOrg(db, 'client', tenantId, id);
}

/** Adds a client organisation (the API, the CSV import, the demo seed and test factories use this). */
export async function insertClient(tx: WriteTx, tenantId: string, name: string, details: Omit<OrgFields, 'name'> = {}, contacts: readonly TContactInput[] = []): Promise<TClient> {
  return insertOrg(tx, 'client', tenantId, { ...details, name }, contacts);
}

export async function updateClient(tx: WriteTx, tenantId: string, id: string, patch: Partial<OrgFields>, contacts: readonly TContactInput[] | undefined): Promise<TClient> {
  return updateOrg(tx, 'client', tenantId, id, patch, contacts);
}
