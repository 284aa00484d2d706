import { sql, type Kysely } from 'kysely';

// Backups: each step of a backup — `create`, `verify`, `prune` (retention), `offsite` (restic) — run
// from the CLI or the nightly schedule, kept for the status page. Local to each server (not
// replicated). See backup/runs.repository.ts.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever the schema was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('backup_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('bytes', 'bigint')
    .addColumn('blobs', 'integer')
    .addColumn('blobs_new', 'integer')
    .addColumn('blobs_reused', 'integer')
    .addColumn('tables', 'integer')
    .addColumn('position', 'integer')
    .addColumn('detail', 'text')
    .addColumn('error', 'text')
    .addCheckConstraint('backup_runs_kind', sql`kind in ('create','verify','prune','offsite')`)
    .addCheckConstraint('backup_runs_status', sql`status in ('running','ok','failed')`)
    .execute();
  await db.schema.createIndex('backup_runs_started').on('backup_runs').columns(['kind', 'started_at']).execute();
}
