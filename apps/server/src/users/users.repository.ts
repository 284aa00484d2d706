import type { TRole, TUser } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB, NewUserRow, UserRow, UserRowUpdate } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

export function userRowToUser(row: UserRow, now: string): TUser {
  return {
    id: row.id,
    login: row.login,
    email: row.email,
    name: row.name,
    role: row.role as TRole,
    clientId: row.client_id,
    disabled: row.disabled_at !== null,
    hasPassword: row.password_hash !== null,
    lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until : null,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    canResetPassword: row.email !== null,
  };
}

/** What the change log carries for a user: never the password hash or lockout counters. */
function userChangeData(row: UserRow): Record<string, unknown> {
  return {
    id: row.id,
    login: row.login,
    email: row.email,
    name: row.name,
    role: row.role,
    clientId: row.client_id,
    disabled: row.disabled_at !== null,
  };
}

export async function findUserByLogin(db: Reader, login: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('login', '=', login.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Reader, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTenantUser(db: Reader, tenantId: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function listTenantUsers(db: Reader, tenantId: string): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('login').execute();
}

export async function listTenantAdmins(db: Reader, tenantId: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .execute();
}

export async function insertUser(tx: WriteTx, row: Omit<NewUserRow, 'created_at' | 'updated_at'>): Promise<UserRow> {
  const full = await tx.trx
    .insertInto('users')
    .values({ ...row, created_at: tx.now, updated_at: tx.now })
    .returningAll()
    .executeTakeFirstOrThrow();
  tx.record({ tenantId: full.tenant_id, entity: 'user', id: full.id, op: 'put', data: userChangeData(full) });
  return full;
}

export async function updateUser(tx: WriteTx, tenantId: string, id: string, patch: UserRowUpdate): Promise<UserRow> {
  const full = await tx.trx
    .updateTable('users')
    .set({ ...patch, updated_at: tx.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  tx.record({ tenantId, entity: 'user', id, op: 'put', data: userChangeData(full) });
  return full;
}

/**
 * Sign-in bookkeeping (failure counter, lockout, last sign-in). Operational state, not a record
 * anyone edits, so it is not written to the change log.
 */
export async function setSignInState(
  trx: Transaction<DB>,
  id: string,
  state: Pick<UserRowUpdate, 'failed_sign_ins' | 'locked_until' | 'last_sign_in_at'>,
): Promise<void> {
  await trx.updateTable('users').set(state).where('id', '=', id).execute();
}
