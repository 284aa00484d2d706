import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql, type Transaction } from 'kysely';
import { serverVersion } from '../announcements/release-notes.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { findTenantById, findTenantBySlug, type Tenant } from '../tenants/tenants.repository.js';
import { encodeCsvRow } from './csv-format.js';
import { blobFile, CSV_NOTES, EXPORT_FORMAT, tableFile, type ExportBlob, type ExportManifest } from './export-manifest.js';
import { runSqliteExport, type TableWritten } from './sqlite-export-worker.js';
import { excludedTenantTables, SERVER_NUMBERED, tenantTables, type TenantTable } from './tenant-tables.js';

/** A refusal with a message for people (no tenant by that name, folder not empty, …). */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ExportProgress {
  (step: 'tables' | 'blobs', done: number, total: number): void;
}

export interface ExportOptions {
  database: Database;
  /** The server's data folder: blobs are under `<dataDir>/blobs`. */
  dataDir: string;
  tenant: { slug: string } | { id: string };
  /** The export folder: made here; must not exist or be empty. */
  to: string;
  now: Date;
  progress?: ExportProgress;
}

const q = (n: string) => `"${n.replace(/"/g, '""')}"`;

/**
 * Writes every tenant-owned table as CSV, every blob the tenant owns, a README and `manifest.json`
 * (last: a folder with a manifest is complete) into `to`. Tables are read in one consistent snapshot;
 * rows and blobs stream through, so memory does not grow with the tenant's size.
 */
export async function exportTenant(opts: ExportOptions): Promise<ExportManifest> {
  const { database } = opts;
  const tenant = 'slug' in opts.tenant ? await findTenantBySlug(database.read, opts.tenant.slug) : await findTenantById(database.read, opts.tenant.id);
  if (!tenant) throw new ExportError('slug' in opts.tenant ? `No tenant with slug ${opts.tenant.slug}.` : 'No such tenant.');
  await prepareFolder(opts.to);

  const tables = await tenantTables(database.read);
  const files = tables.map((t) => ({ name: t.name, file: tableFile(t.name), columns: t.columns.map((c) => c.name), primaryKey: t.primaryKey, tenantColumn: t.tenantColumn }));
  const onTable = (done: number, total: number) => opts.progress?.('tables', done, total);
  const snapshot =
    database.dialect === 'sqlite'
      ? await runSqliteExport({ file: database.sqlitePath!, tenantId: tenant.id, outDir: opts.to, tables: files }, onTable)
      : await exportPostgres(database, tenant.id, opts.to, tables, onTable);

  const { blobs, missing } = await copyBlobs(path.join(opts.dataDir, 'blobs'), opts.to, snapshot.blobs, opts.progress);
  const written = new Map(snapshot.tables.map((t) => [t.name, t]));
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    exportedAt: opts.now.toISOString(),
    schemaVersion: snapshot.schemaVersion,
    fieldkeepVersion: serverVersion(),
    sourceDialect: database.dialect,
    tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, timeZone: tenant.timeZone },
    csv: CSV_NOTES,
    tables: tables.map((t) => {
      const w = written.get(t.name)!;
      return { name: t.name, file: tableFile(t.name), rows: w.rows, bytes: w.bytes, sha256: w.sha256, columns: t.columns, primaryKey: t.primaryKey, refersTo: t.refersTo };
    }),
    blobs,
    missingBlobs: missing,
    excludedTables: await excludedTenantTables(database.read),
    renumberedOnImport: Object.fromEntries(Object.entries(SERVER_NUMBERED).map(([t, cols]) => [t, [...cols]])),
  };
  await writeDurably(path.join(opts.to, 'README.txt'), readme(manifest, tenant));
  await writeDurably(path.join(opts.to, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  await fsyncDir(opts.to);
  return manifest;
}

async function prepareFolder(dir: string): Promise<void> {
  try {
    const entries = await fsp.readdir(dir);
    if (entries.length > 0) throw new ExportError(`${dir} is not empty: export into a new folder.`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await fsp.mkdir(dir, { recursive: true });
  }
}

/**
 * PostgreSQL: one REPEATABLE READ, READ ONLY transaction (one snapshot for every table), each table
 * read through a server-side cursor a few thousand rows at a time. Text keys are ordered with
 * COLLATE "C" — byte order, the order SQLite uses — so both dialects write the same files.
 */
async function exportPostgres(
  database: Database,
  tenantId: string,
  outDir: string,
  tables: TenantTable[],
  progress: (done: number, total: number) => void,
): Promise<{ tables: TableWritten[]; blobs: Array<{ sha256: string; size: number }>; schemaVersion: string }> {
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx: Transaction<DB>) => {
      await sql`set transaction read only`.execute(trx);
      const out: TableWritten[] = [];
      for (const t of tables) {
        out.push(await writePostgresTable(trx, tenantId, path.join(outDir, tableFile(t.name)), t));
        progress(out.length, tables.length);
      }
      const blobs = await trx.selectFrom('blobs').select(['sha256', 'size']).where('tenant_id', '=', tenantId).orderBy(sql`sha256 collate "C"`).execute();
      const v = await sql<{ v: string }>`select max(name) as v from kysely_migration`.execute(trx);
      return { tables: out, blobs: blobs.map((b) => ({ sha256: b.sha256, size: Number(b.size) })), schemaVersion: v.rows[0]!.v };
    });
}

async function writePostgresTable(trx: Transaction<DB>, tenantId: string, file: string, t: TenantTable): Promise<TableWritten> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const fh = await fsp.open(file, 'wx');
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  const write = async (text: string) => {
    const b = Buffer.from(text, 'utf8');
    hash.update(b);
    bytes += b.length;
    await fh.write(b);
  };
  try {
    const cols = t.columns.map((c) => c.name);
    await write(encodeCsvRow(cols));
    const order = t.primaryKey.map((k) => (t.columns.find((c) => c.name === k)?.type === 'text' ? `${q(k)} collate "C"` : q(k))).join(', ');
    const literal = `'${tenantId.replace(/'/g, "''")}'`;
    await sql.raw(`declare fk_export no scroll cursor for select ${cols.map(q).join(', ')} from ${q(t.name)} where ${q(t.tenantColumn)} = ${literal} order by ${order}`).execute(trx);
    for (;;) {
      const page = await sql.raw<Record<string, unknown>>('fetch forward 2000 from fk_export').execute(trx);
      if (page.rows.length === 0) break;
      let text = '';
      for (const r of page.rows) {
        text += encodeCsvRow(cols.map((c) => r[c]));
        rows++;
      }
      await write(text);
    }
    await sql.raw('close fk_export').execute(trx);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { name: t.name, rows, bytes, sha256: hash.digest('hex') };
}

/** Copies each blob out of the store, checking its hash and size on the way. */
async function copyBlobs(
  storeRoot: string,
  outDir: string,
  listed: ReadonlyArray<{ sha256: string; size: number }>,
  progress?: ExportProgress,
): Promise<{ blobs: ExportBlob[]; missing: ExportManifest['missingBlobs'] }> {
  const blobs: ExportBlob[] = [];
  const missing: ExportManifest['missingBlobs'] = [];
  let done = 0;
  for (const b of listed) {
    const source = path.join(storeRoot, b.sha256.slice(0, 2), b.sha256);
    const rel = blobFile(b.sha256);
    const target = path.join(outDir, rel);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        fs.createReadStream(source),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            hash.update(c);
            size += c.length;
            yield c;
          }
        },
        fs.createWriteStream(target, { flags: 'wx' }),
      );
      const actual = hash.digest('hex');
      if (actual !== b.sha256 || size !== b.size) {
        await fsp.rm(target, { force: true });
        missing.push({ sha256: b.sha256, size: b.size, problem: `damaged on the server (${size} bytes, SHA-256 ${actual.slice(0, 12)}…)` });
      } else {
        blobs.push({ sha256: b.sha256, size: b.size, file: rel });
      }
    } catch (err) {
      await fsp.rm(target, { force: true });
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.push({ sha256: b.sha256, size: b.size, problem: 'missing on the server' });
    }
    done++;
    if (done % 50 === 0 || done === listed.length) progress?.('blobs', done, listed.length);
  }
  return { blobs, missing };
}

async function writeDurably(file: string, text: string): Promise<void> {
  const fh = await fsp.open(file, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const d = await fsp.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

function readme(m: ExportManifest, tenant: Tenant): string {
  const rows = m.tables.reduce((n, t) => n + t.rows, 0);
  return [
    `Fieldkeep export of ${tenant.name} (${tenant.slug})`,
    `Made ${m.exportedAt} by Fieldkeep ${m.fieldkeepVersion}, schema ${m.schemaVersion}.`,
    '',
    `tables/   one CSV file per table (${m.tables.length} tables, ${rows} rows): UTF-8, a header row of column`,
    '          names, RFC 4180 quoting. Text is always quoted; an empty unquoted field is NULL (empty text is "").',
    '          Times are ISO-8601 in UTC; JSON columns hold JSON text.',
    `blobs/    photos, signatures and documents (${m.blobs.length} files), each named by its SHA-256.`,
    'manifest.json  row counts and the SHA-256 of every file; the tables in the order to load them.',
    '',
    'Not included: ' + m.excludedTables.map((t) => `${t.name} (${t.reason})`).join(' '),
    '',
    'users.csv holds password hashes (scrypt) so people can sign in after `fieldkeep import`: keep this export as safe as the system itself.',
    'Load it into another Fieldkeep server with: fieldkeep import --from <this folder>   (docs/export.md)',
    '',
  ].join('\n');
}
