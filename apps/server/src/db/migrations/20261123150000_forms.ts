import { sql, type Kysely } from 'kysely';

// Configurable forms: each publish makes an immutable version; answers name the version they
// answer. Rules say which forms a visit needs; answers can alert the office.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('risk_assessment','health_safety','start_of_day','job_completion')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('forms_tenant').on('forms').columns(['tenant_id', 'kind']).execute();

  await db.schema
    .createTable('form_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addPrimaryKeyConstraint('form_versions_pk', ['form_id', 'version'])
    .execute();

  await db.schema
    .createTable('form_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('form_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('form_id', 'text', (c) => c.notNull().references('forms.id'))
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
    .addColumn('day', 'text')
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('outcomes', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('form_submissions_user').on('form_submissions').columns(['tenant_id', 'user_id', 'at']).execute();
  await db.schema.createIndex('form_submissions_visit').on('form_submissions').columns(['tenant_id', 'visit_id']).execute();

  await db.schema
    .createTable('form_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('submission_id', 'text', (c) => c.notNull().references('form_submissions.id'))
    .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('form_alerts_tenant').on('form_alerts').columns(['tenant_id', 'resolved_at', 'at']).execute();
}
