import { type Kysely } from 'kysely';

// Sync protocol v1: devices (one per clientId), rejections kept whole, what each device has been
// sent; blobs owned per tenant; attachments and time entries from the phone.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('abort_reason', 'text').execute();

  await db.schema
    .createTable('sync_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('session_id', 'text')
    .addColumn('last_mutation_id', 'integer', (c) => c.notNull())
    .addColumn('pull_generation', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_push_at', 'text')
    .addColumn('last_pull_at', 'text')
    .addColumn('app_version', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sync_clients_tenant').on('sync_clients').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('sync_rejections')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('acked_at', 'text')
    .addColumn('resolved_at', 'text')
    .addPrimaryKeyConstraint('sync_rejections_pk', ['client_id', 'mutation_id'])
    .execute();
  await db.schema.createIndex('sync_rejections_tenant').on('sync_rejections').columns(['tenant_id', 'at']).execute();

  // What each device has been sent, by pull generation: the device confirms a generation by
  // sending its cursor back, so a response lost on the way is simply sent again.
  await db.schema
    .createTable('sync_sent')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text')
    .addPrimaryKeyConstraint('sync_sent_pk', ['client_id', 'entity', 'entity_id', 'generation'])
    .execute();

  await db.schema
    .createTable('blobs')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('blobs_pk', ['tenant_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_job').on('attachments').columns(['tenant_id', 'job_id']).execute();

  await db.schema
    .createTable('activity_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('time_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('activity_type_id', 'text', (c) => c.notNull().references('activity_types.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('time_entries_user').on('time_entries').columns(['tenant_id', 'user_id', 'started_at']).execute();

}
