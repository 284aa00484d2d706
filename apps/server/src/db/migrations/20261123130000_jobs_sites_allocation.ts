import { sql, type Kysely } from 'kysely';

// Clients and suppliers with contacts; sites, assets, warnings; jobs, visits, engineers'
// profiles and allocation rules. Booleans are integers 0/1 on both dialects; JSON is text.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  for (const col of ['address', 'phone', 'email', 'notes']) {
    await db.schema.alterTable('clients').addColumn(col, 'text').execute();
  }

  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('suppliers_tenant').on('suppliers').columns(['tenant_id', 'name']).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(sql`owner_kind in ('client','supplier')`))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_owner').on('contacts').columns(['owner_id', 'position']).execute();

  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address1', 'text', (c) => c.notNull())
    .addColumn('address2', 'text')
    .addColumn('town', 'text')
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('access_notes', 'text')
    .addColumn('occupant_name', 'text')
    .addColumn('occupant_phone', 'text')
    .addColumn('occupant_email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sites_tenant_client').on('sites').columns(['tenant_id', 'client_id']).execute();
  await db.schema.createIndex('sites_tenant_postcode').on('sites').columns(['tenant_id', 'postcode']).execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('make', 'text')
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('location', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_site').on('assets').columns(['tenant_id', 'site_id']).execute();

  await db.schema
    .createTable('warning_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('default_severity', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('warning_types_tenant_key', ['tenant_id', 'key'])
    .execute();

  await db.schema
    .createTable('warnings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('asset_id', 'text', (c) => c.references('assets.id'))
    .addColumn('type_id', 'text', (c) => c.notNull().references('warning_types.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('info','caution','danger')`))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('visible_to_engineers', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text')
    .execute();
  await db.schema.createIndex('warnings_site').on('warnings').columns(['tenant_id', 'site_id']).execute();

  await db.schema
    .createTable('job_counters')
    .addColumn('tenant_id', 'text', (c) => c.primaryKey().notNull().references('tenants.id'))
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('asset_id', 'text', (c) => c.references('assets.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('low','normal','high','emergency')`))
    .addColumn('target_date', 'text')
    .addColumn('required_skills', 'text', (c) => c.notNull())
    .addColumn('required_engineers', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('jobs_tenant_number', ['tenant_id', 'number'])
    .execute();
  await db.schema.createIndex('jobs_tenant_status').on('jobs').columns(['tenant_id', 'status', 'target_date']).execute();
  await db.schema.createIndex('jobs_tenant_site').on('jobs').columns(['tenant_id', 'site_id']).execute();
  await db.schema.createIndex('jobs_tenant_client').on('jobs').columns(['tenant_id', 'client_id']).execute();

  await db.schema
    .createTable('job_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('client_visible', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('job_notes_job').on('job_notes').columns(['tenant_id', 'job_id', 'at']).execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('visits_tenant_start').on('visits').columns(['tenant_id', 'starts_at']).execute();
  await db.schema.createIndex('visits_job').on('visits').columns(['tenant_id', 'job_id']).execute();

  await db.schema
    .createTable('visit_engineers')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id'))
    .addColumn('engineer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('arrived_at', 'text')
    .addColumn('departed_at', 'text')
    .addPrimaryKeyConstraint('visit_engineers_pk', ['visit_id', 'engineer_id'])
    .execute();
  await db.schema.createIndex('visit_engineers_engineer').on('visit_engineers').columns(['tenant_id', 'engineer_id']).execute();

  await db.schema
    .createTable('engineer_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('working_hours', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('allocation_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('allocation_acknowledgements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('allocation_ack_visit').on('allocation_acknowledgements').columns(['tenant_id', 'visit_id']).execute();
}
