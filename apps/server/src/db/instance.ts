import type { Kysely } from 'kysely';
import { newId } from '../ids.js';
import type { DB } from './schema.js';

/** This server's identity, made on first start and kept in the database. */
export async function getOrCreateInstanceId(db: Kysely<DB>): Promise<string> {
  const row = await db.selectFrom('instance_meta').select('value').where('key', '=', 'instance_id').executeTakeFirst();
  if (row) return row.value;
  const id = newId();
  await db.insertInto('instance_meta').values({ key: 'instance_id', value: id }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const again = await db.selectFrom('instance_meta').select('value').where('key', '=', 'instance_id').executeTakeFirstOrThrow();
  return again.value;
}
