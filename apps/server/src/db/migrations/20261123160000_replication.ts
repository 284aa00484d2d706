import { sql, type Kysely } from 'kysely';
import { installPostgresCaptureFunctions, installReplicationTriggers, isPostgres, replicatedTables } from '../replication-schema.js';

// Replication: a row-level capture log (`repl_log`) written by triggers in the writing transaction,
// commit numbers in commit order (`repl_tx`), replication tokens, the replicas a primary has seen and
// the queue of work recorded on an office replica while the primary was away. Existing rows are
// copied into the log so a new replica starting from position 0 receives everything.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = isPostgres(db);
  await db.schema
    .createTable('repl_log')
    .addColumn('seq', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .$call((b) => (isPg ? b.addColumn('xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`)) : b))
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('pk', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('row', 'text')
    .execute();
  await db.schema
    .createTable('repl_tx')
    .addColumn('position', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .$call((b) => (isPg ? b.addColumn('xid', sql`xid8`, (c) => c.notNull().unique()) : b.addColumn('last_seq', 'integer', (c) => c.notNull())))
    .execute();
  if (isPg) await db.schema.createIndex('repl_log_xid').on('repl_log').column('xid').execute();

  await db.schema
    .createTable('replication_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  // Local to each server: which replicas confirmed what (primary side).
  await db.schema
    .createTable('replica_peers')
    .addColumn('replica_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('confirmed_position', 'integer', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  // Local to an office replica: work recorded during an outage, pushed to the primary when it is back.
  await db.schema
    .createTable('replica_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('result_code', 'text')
    .addColumn('result_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('replica_queue_client_mutation', ['client_id', 'mutation_id'])
    .addCheckConstraint('replica_queue_state', sql`state in ('queued','applied','rejected')`)
    .execute();

  if (isPg) await installPostgresCaptureFunctions(db);
  await installReplicationTriggers(db);

  // Everything already stored becomes the log's first commit.
  for (const t of await replicatedTables(db)) {
    const q = (c: string) => `"${c}"`;
    if (isPg) {
      await sql
        .raw(
          `insert into repl_log (tbl, pk, op, row) select '${t.name}', jsonb_build_array(${t.primaryKey.map((c) => `to_jsonb(x.${q(c)})`).join(', ')})::text, 'put', to_jsonb(x)::text from ${q(t.name)} x`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `insert into repl_log (tbl, pk, op, row) select '${t.name}', json_array(${t.primaryKey.map(q).join(', ')}), 'put', json_object(${t.columns.map((c) => `'${c}', ${q(c)}`).join(', ')}) from ${q(t.name)}`,
        )
        .execute(db);
    }
  }
}
