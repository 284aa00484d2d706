import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type SessionKind = 'web' | 'api';
export type TokenPurpose = 'reset' | 'invite';

export async function insertSession(
  trx: Transaction<DB>,
  s: { tenantId: string; userId: string; tokenHash: string; kind: SessionKind; now: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('sessions')
    .values({
      id,
      tenant_id: s.tenantId,
      user_id: s.userId,
      token_hash: s.tokenHash,
      kind: s.kind,
      created_at: s.now,
      expires_at: s.expiresAt,
      last_seen_at: s.now,
      revoked_at: null,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
  return id;
}

/** A live session with its user, or undefined. */
export async function findLiveSession(db: Reader, tokenHash: string, now: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('tenants', 'tenants.id', 'sessions.tenant_id')
    .leftJoin('clients', 'clients.id', 'users.client_id')
    .select([
      'tenants.time_zone as timeZone',
      'clients.name as clientName',
      'sessions.id as sessionId',
      'sessions.expires_at as expiresAt',
      'sessions.last_seen_at as lastSeenAt',
      'users.id as userId',
      'users.tenant_id as tenantId',
      'users.login as login',
      'users.email as email',
      'users.name as name',
      'users.role as role',
      'users.client_id as clientId',
      'users.disabled_at as disabledAt',
      'tenants.name as tenantName',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function revokeSession(trx: Transaction<DB>, sessionId: string, now: string): Promise<void> {
  await trx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).execute();
}

export async function revokeUserSessions(trx: Transaction<DB>, userId: string, now: string): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchSession(trx: Transaction<DB>, sessionId: string, now: string): Promise<void> {
  await trx.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();
}

export async function insertUserToken(
  trx: Transaction<DB>,
  t: { tenantId: string; userId: string; purpose: TokenPurpose; tokenHash: string; now: string; expiresAt: string },
): Promise<void> {
  // A new token of the same purpose replaces any earlier one still unused.
  await trx
    .updateTable('user_tokens')
    .set({ used_at: t.now })
    .where('user_id', '=', t.userId)
    .where('purpose', '=', t.purpose)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('user_tokens')
    .values({
      id: newId(),
      tenant_id: t.tenantId,
      user_id: t.userId,
      purpose: t.purpose,
      token_hash: t.tokenHash,
      expires_at: t.expiresAt,
      used_at: null,
      created_at: t.now,
    })
    .execute();
}

/**
 * Marks a token used and returns it, in one statement, so two concurrent uses of one token cannot
 * both succeed.
 */
export async function consumeUserToken(trx: Transaction<DB>, tokenHash: string, purpose: TokenPurpose, now: string) {
  return trx
    .updateTable('user_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id as userId', 'tenant_id as tenantId'])
    .executeTakeFirst();
}

/**
 * Makes every unused reset and invitation link of a user useless: when the password is set some
 * other way, when one link is used, or when the email address the links went to changes.
 */
export async function discardUserTokens(trx: Transaction<DB>, userId: string, now: string): Promise<void> {
  await trx.updateTable('user_tokens').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
