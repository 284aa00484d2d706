import { sql, type Kysely } from 'kysely';

// The status page (docs/status.md): the support log of recent server errors (500 internal_error,
// with their request ids; capped at a few hundred rows) and each run of the database integrity
// check. Both are local to each server (LOCAL_TABLES: not replicated) and server-wide: a server
// error keeps the tenant of the signed-in caller, when there was one, so an admin sees only their own.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_errors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('server_errors_at').on('server_errors').column('at').execute();

  await db.schema
    .createTable('integrity_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('problems', 'text', (c) => c.notNull())
    .addCheckConstraint('integrity_checks_status', sql`status in ('running','ok','failed')`)
    .addCheckConstraint('integrity_checks_started_by', sql`started_by in ('schedule','admin')`)
    .execute();
  await db.schema.createIndex('integrity_checks_started').on('integrity_checks').column('started_at').execute();
}
