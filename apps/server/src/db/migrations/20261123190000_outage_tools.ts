import { sql, type Kysely } from 'kysely';
import { installReplicationTriggers } from '../replication-schema.js';

// Announcements ("what's new") with a per-user mark of who has dismissed each; the newest release
// notes each user acknowledged; and a ledger of the months each user was active (signed in, used
// the app, synced a phone) for the licences report. All tenant-owned and replicated.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('announcements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON array of roles; [] means everyone.
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('announcements_tenant').on('announcements').columns(['tenant_id', 'created_at']).execute();

  await db.schema
    .createTable('announcement_seen')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('announcement_id', 'text', (c) => c.notNull().references('announcements.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('announcement_seen_pk', ['announcement_id', 'user_id'])
    .execute();
  await db.schema.createIndex('announcement_seen_user').on('announcement_seen').columns(['tenant_id', 'user_id']).execute();

  await db.schema
    .createTable('release_notes_seen')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();

  // One row per user, month (YYYY-MM in the tenant's time zone) and kind of activity; written once.
  await db.schema
    .createTable('user_activity')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sync','web')`))
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_activity_pk', ['user_id', 'month', 'kind'])
    .execute();
  await db.schema.createIndex('user_activity_tenant_month').on('user_activity').columns(['tenant_id', 'month']).execute();

  await installReplicationTriggers(db);
}
