import { sql, type Kysely } from 'kysely';
import { installReplicationTriggers } from '../replication-schema.js';

// The fallback pack (docs/pack.md): the packs made for each tenant (the zip itself is a blob, so an
// office replica holds a copy and can serve it while the primary is down), each run of the nightly
// schedule or an on-demand request (failures kept for the status page), and each tenant's editable
// customer script and "system back up" checklist. A settings column left null means "the default
// text" (pack/pack-defaults.ts), so existing and new tenants start with it and get improvements to it.
// All three tables are replicated.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('packs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addCheckConstraint('packs_kind', sql`kind in ('schedule','request')`)
    .execute();
  await db.schema.createIndex('packs_tenant_created').on('packs').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('pack_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('pack_id', 'text')
    .addColumn('error', 'text')
    .addCheckConstraint('pack_runs_started_by', sql`started_by in ('schedule','request')`)
    .addCheckConstraint('pack_runs_status', sql`status in ('ok','failed')`)
    .execute();
  await db.schema.createIndex('pack_runs_tenant_started').on('pack_runs').columns(['tenant_id', 'started_at']).execute();

  await db.schema
    .createTable('pack_settings')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().notNull().references('tenants.id'))
    .addColumn('customer_script', 'text')
    .addColumn('back_up_checklist', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await installReplicationTriggers(db);
}
