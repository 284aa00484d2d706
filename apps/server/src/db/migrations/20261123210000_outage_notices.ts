import type { Kysely } from 'kysely';

// The outage drill (docs/operations.md): each "email staff" sent from an office replica while the
// primary is unreachable, with what became of each message. Written on the replica, which cannot
// write replicated tables, so it is local to each server (LOCAL_TABLES: not replicated).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outage_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('outage_since', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outage_notices_tenant_sent').on('outage_notices').columns(['tenant_id', 'sent_at']).execute();
}
