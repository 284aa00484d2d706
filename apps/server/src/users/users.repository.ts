import type { TRole, TUser } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB, NewUserRow, UserRow, UserRowUpdate } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { AppError } from '../errors/app-error.js';

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

/** Users whose email is this address (emails, unlike sign-in names, may repeat across tenants). */
export async function findUsersByEmail(db: Reader, email: string): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).execute();
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

/**
 * Inserts a user. Two requests can both find a sign-in name free and race to insert it (on
 * PostgreSQL, where writers run concurrently): the unique index decides, and the loser is told
 * `login_taken` like anyone else, not "something went wrong".
 */
export async function insertUser(tx: WriteTx, row: Omit<NewUserRow, 'created_at' | 'updated_at'>): Promise<UserRow> {
  const full = await tx.trx
    .insertInto('users')
    .values({ ...row, created_at: tx.now, updated_at: tx.now })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch((err: unknown) => {
      if (isLoginUniqueViolation(err)) throw new AppError('login_taken', `The sign-in name ${row.login} is already in use.`);
      throw err;
    });
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

/** The users.login unique index refused a row: PostgreSQL 23505 on users_login_key, or SQLite's "UNIQUE constraint failed: users.login". */
function isLoginUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return typeof e.constraint === 'string' && e.constraint.includes('login');
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes('users.login');
}


/** One more failed sign-in, counted in the database (`+ 1`), answering the row as it now stands. */
export async function bumpFailedSignIns(trx: Transaction<DB>, id: string): Promise<UserRow> {
  return trx
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
