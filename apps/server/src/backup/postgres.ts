import { randomBytes, createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { BackupError } from './backup-error.js';
import { runTool } from './external-tool.js';
import type { SnapshotSummary, TableSummary } from './manifest.js';
import type { Progress } from './progress.js';

/**
 * PostgreSQL snapshots: `pg_dump` (custom format) of the current schema, as a child process. The
 * dump and the manifest's counts and hashes read the *same* snapshot: a REPEATABLE READ transaction
 * exports it (`pg_export_snapshot()`), pg_dump imports it (`--snapshot`) while this transaction
 * hashes every table.
 */

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every value as PostgreSQL's text form: the canonical serialisation hashes text (manifest.ts). */
const rawText = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

/** libpq's view of a DATABASE_URL: no `options` (we pass --schema), the password in the environment, not argv. */
export function libpqTarget(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  u.searchParams.delete('options');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env };
}

/** A client whose every value arrives as text, with the session settings the hashes assume. */
async function canonicalClient(url: string, schema?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: rawText });
  await client.connect();
  await client.query(`set datestyle = 'ISO, YMD'; set timezone = 'UTC'; set extra_float_digits = 3; set bytea_output = 'hex'; set intervalstyle = 'postgres'`);
  if (schema) await client.query(`set search_path to ${ident(schema)}`);
  return client;
}

async function one<T>(client: pg.Client, text: string, values: unknown[] = []): Promise<T | undefined> {
  return (await client.query<Record<string, T>>(text, values)).rows[0]?.v;
}

/** Counts and hashes every table of the client's current schema (call inside a transaction). */
export async function summarisePostgres(client: pg.Client, progress?: Progress): Promise<SnapshotSummary> {
  const names = (
    await client.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)
  ).rows
    .map((r) => r.t)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tables: TableSummary[] = [];
  for (const name of names) {
    const cols = (
      await client.query<{ c: string; text: string }>(
        `select column_name as c, data_type in ('text', 'character varying', 'character', 'name', 'citext') as text
         from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
        [name],
      )
    ).rows.map((r) => ({ name: r.c, text: r.text === 't' }));
    const pk = (
      await client.query<{ c: string }>(
        `select kcu.column_name as c from information_schema.table_constraints tc
         join information_schema.key_column_usage kcu
           on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
         where tc.table_schema = current_schema() and tc.table_name = $1 and tc.constraint_type = 'PRIMARY KEY'
         order by kcu.ordinal_position`,
        [name],
      )
    ).rows.map((r) => r.c);
    const orderCols = (pk.length ? pk : cols.map((c) => c.name)).map((c) => {
      const isText = cols.find((x) => x.name === c)?.text;
      return `${ident(c)}${isText ? ' collate "C"' : ''}`;
    });
    const hash = createHash('sha256');
    hash.update(`${JSON.stringify({ table: name, columns: cols.map((c) => c.name) })}\n`);
    let rows = 0;
    await client.query(`declare fk_backup_rows no scroll cursor for select * from ${ident(name)} order by ${orderCols.join(', ')}`);
    for (;;) {
      const batch = await client.query<unknown[]>({ text: 'fetch forward 2000 from fk_backup_rows', rowMode: 'array' });
      for (const r of batch.rows) {
        hash.update(`${JSON.stringify(r)}\n`);
        rows++;
      }
      if (batch.rows.length < 2000) break;
    }
    await client.query('close fk_backup_rows');
    tables.push({ name, rows, sha256: hash.digest('hex') });
    progress?.({ step: 'tables', done: tables.length, total: names.length, table: name });
  }
  const has = (t: string) => names.includes(t);
  const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const blobs = has('blobs')
    ? (await client.query<{ sha256: string; size: string }>(`select sha256, max(size) as size from blobs group by sha256 order by sha256 collate "C"`)).rows.map((r) => ({
        sha256: r.sha256,
        size: Number(r.size),
      }))
    : [];
  return {
    tables,
    changeLogPosition: has('change_log') ? num(await one<string | null>(client, 'select max(position) as v from change_log')) : null,
    replicationPosition: has('repl_tx') ? num(await one<string | null>(client, 'select max(position) as v from repl_tx')) : null,
    schemaVersion: has('kysely_migration') ? ((await one<string | null>(client, 'select max(name) as v from kysely_migration')) ?? null) : null,
    blobs,
  };
}

/** pg_dump of the current schema into `target`, and the summary of exactly what it holds. */
export async function dumpPostgres(url: string, target: string, progress?: Progress): Promise<{ schema: string; summary: SnapshotSummary }> {
  const client = await canonicalClient(url);
  try {
    await client.query('begin transaction isolation level repeatable read, read only');
    const schema = (await one<string>(client, 'select current_schema() as v')) ?? 'public';
    const snapshot = (await one<string>(client, 'select pg_export_snapshot() as v'))!;
    const lib = libpqTarget(url);
    progress?.({ step: 'snapshot', message: `pg_dump of schema ${schema}` });
    const dump = runTool(
      'pg_dump',
      ['--format=custom', `--schema=${ident(schema)}`, '--no-owner', '--no-acl', `--snapshot=${snapshot}`, `--file=${target}`, `--dbname=${lib.url}`],
      { env: lib.env },
    );
    // Keep the exporting transaction open until pg_dump is done with the snapshot.
    const [summary] = await Promise.all([summarisePostgres(client, progress), dump]);
    await client.query('commit');
    return { schema, summary };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * pg_restore of a dump into `url`'s database, recreating the dumped schema there. Refuses a schema
 * that already holds tables. When the schema exists (empty, e.g. `public` of a new database) its
 * CREATE SCHEMA entry is left out. One transaction: a failed restore leaves nothing behind.
 */
export async function restorePostgres(dumpFile: string, url: string, schema: string): Promise<void> {
  const client = await canonicalClient(url);
  let schemaExists: boolean;
  try {
    schemaExists = (await one<string | null>(client, 'select to_regnamespace($1)::text as v', [ident(schema)])) !== null;
    const tables = Number(await one<string>(client, `select count(*) as v from information_schema.tables where table_schema = $1`, [schema]));
    if (tables > 0) {
      throw new BackupError('target_not_empty', `Schema ${schema} of the target database already has ${tables} tables: restore into an empty database (or drop that schema first).`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  const lib = libpqTarget(url);
  const args = ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${lib.url}`];
  let listFile: string | undefined;
  if (schemaExists) {
    const list = await runTool('pg_restore', ['--list', dumpFile], { env: lib.env });
    const esc = schema.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const schemaEntry = new RegExp(`^\\d+; \\d+ \\d+ (SCHEMA - |COMMENT - SCHEMA )${esc}( |$)`);
    const keep = list.split('\n').filter((l) => !schemaEntry.test(l));
    listFile = path.join(path.dirname(dumpFile), `.restore-list-${randomBytes(4).toString('hex')}`);
    await fsp.writeFile(listFile, keep.join('\n'));
    args.push(`--use-list=${listFile}`);
  }
  try {
    await runTool('pg_restore', [...args, dumpFile], { env: lib.env });
  } finally {
    if (listFile) await fsp.rm(listFile, { force: true });
  }
}

/** Counts and hashes a restored schema (one read-only transaction). */
export async function summariseRestored(url: string, schema: string, progress?: Progress): Promise<SnapshotSummary> {
  const client = await canonicalClient(url, schema);
  try {
    await client.query('begin transaction isolation level repeatable read, read only');
    const summary = await summarisePostgres(client, progress);
    await client.query('commit');
    return summary;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The schema a DATABASE_URL works in (its search_path). */
export async function currentSchemaOf(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await one<string>(client, 'select current_schema() as v')) ?? 'public';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A throw-away database on the same server for verify (dropped afterwards, even on failure). Needs
 * the CREATEDB privilege.
 */
export async function withScratchDatabase<T>(url: string, fn: (scratchUrl: string) => Promise<T>): Promise<T> {
  const name = `fieldkeep_verify_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${ident(name)} template template0`);
  } catch (err) {
    await admin.end().catch(() => undefined);
    throw new BackupError('tool_failed', `Could not create a scratch database to verify into (${(err as Error).message}): the database user needs the CREATEDB privilege.`);
  }
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  scratch.searchParams.delete('options');
  try {
    return await fn(scratch.toString());
  } finally {
    await admin.query(`drop database if exists ${ident(name)} with (force)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  }
}
