import type { Kysely } from 'kysely';
import { hashSecret, newSecret } from '../auth/tokens.js';
import type { DB } from '../db/schema.js';
import { newId } from '../ids.js';

/** Replication tokens start with this, so a log reader can tell them from session tokens. */
export const REPLICATION_TOKEN_PREFIX = 'fkr_';

/**
 * A token that lets a replica read the whole change log and every blob of every tenant — an
 * operator's secret, made with `fieldkeep token create --replication`. Only its hash is stored.
 */
export async function createReplicationToken(db: Kysely<DB>, name: string, now: string): Promise<{ id: string; token: string }> {
  const { token } = newSecret();
  const id = newId();
  const full = `${REPLICATION_TOKEN_PREFIX}${token}`;
  await db.insertInto('replication_tokens').values({ id, name, token_hash: hashSecret(full), created_at: now, revoked_at: null }).execute();
  return { id, token: full };
}

export async function findReplicationToken(db: Kysely<DB>, token: string): Promise<{ id: string; name: string } | undefined> {
  if (!token.startsWith(REPLICATION_TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await db
    .selectFrom('replication_tokens')
    .select(['id', 'name'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row;
}

export async function listReplicationTokens(db: Kysely<DB>) {
  return db.selectFrom('replication_tokens').select(['id', 'name', 'created_at', 'revoked_at']).orderBy('created_at').execute();
}

export async function revokeReplicationToken(db: Kysely<DB>, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable('replication_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
