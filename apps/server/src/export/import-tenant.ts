import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { readCsvRecords, type CsvCell } from './csv-format.js';
import { EXPORT_FORMAT, ZExportManifest, type ExportManifest, type ExportTable } from './export-manifest.js';
import { ExportError } from './export-tenant.js';
import { isNumericType, schemaVersion, SERVER_NUMBERED, tenantTables, type TenantTable } from './tenant-tables.js';

export interface ImportOptions {
  database: Database;
  /** The server's data folder: blobs go to `<dataDir>/blobs`. */
  dataDir: string;
  /** An export folder (unzipped). */
  from: string;
  /** Import under another slug (the tenant's short name), e.g. when the old one is taken. */
  slug?: string;
  progress?: (step: 'check' | 'blobs' | 'tables', done: number, total: number) => void;
}

export interface ImportReport {
  tenant: { id: string; name: string; slug: string };
  tables: Array<{ name: string; rows: number }>;
  blobs: { copied: number; alreadyHere: number };
}

/** SQLite binds at most 32,766 values per statement: rows per insert stay well under. */
const MAX_VALUES_PER_INSERT = 30_000;

/**
 * Loads a tenant export into this server: every row with the same ids, every blob. Refuses — and
 * changes nothing — when the tenant's id or slug, or any of its sign-in names, exists here already,
 * when a file does not match its manifest, or when the export comes from a newer schema.
 *
 * Order: everything is checked first (manifest, hashes of every CSV and blob, clashes); then the
 * blobs go into the store (content-addressed, harmless if the import stops there); then every row
 * is inserted in one transaction, tables in foreign-key order. On SQLite that transaction holds the
 * one writer while the CSV files are read: import into a quiet server (docs/export.md).
 */
export async function importTenant(opts: ImportOptions): Promise<ImportReport> {
  const { database } = opts;
  const manifest = await readManifest(opts.from);
  const slug = opts.slug ?? manifest.tenant.slug;
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(slug)) throw new ExportError(`--slug: "${slug}" is not a slug (lowercase letters, digits and dashes).`);

  const here = await schemaVersion(database.db);
  if (manifest.schemaVersion > here) {
    throw new ExportError(`The export was made by a newer Fieldkeep (schema ${manifest.schemaVersion}); this server has schema ${here}. Upgrade this server first.`);
  }
  const targetTables = new Map((await tenantTables(database.db)).map((t) => [t.name, t]));
  const plan = planTables(manifest, targetTables);

  await refuseClashes(database, manifest, slug, opts.from);
  await verifyFiles(opts.from, manifest, opts.progress);

  const store = new BlobStore(path.join(opts.dataDir, 'blobs'));
  let copied = 0;
  let alreadyHere = 0;
  for (const [i, b] of manifest.blobs.entries()) {
    if (store.exists(b.sha256)) alreadyHere++;
    else {
      await store.put(b.sha256, fs.createReadStream(path.join(opts.from, b.file)), Number.MAX_SAFE_INTEGER);
      copied++;
    }
    opts.progress?.('blobs', i + 1, manifest.blobs.length);
  }

  const counts = await database.db.transaction().execute(async (trx) => {
    // Checked again inside the transaction that writes: nobody took the id, slug or sign-ins meanwhile.
    await refuseClashes({ db: trx }, manifest, slug, opts.from);
    const out: Array<{ name: string; rows: number }> = [];
    for (const [i, p] of plan.entries()) {
      out.push({ name: p.source.name, rows: await insertTable(trx, opts.from, p.source, p.target, slug) });
      opts.progress?.('tables', i + 1, plan.length);
    }
    return out;
  });
  return { tenant: { id: manifest.tenant.id, name: manifest.tenant.name, slug }, tables: counts, blobs: { copied, alreadyHere } };
}

export async function readManifest(dir: string): Promise<ExportManifest> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ExportError(`${dir} has no manifest.json: is it a Fieldkeep export folder (unzipped), and did the export finish?`);
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ExportError(`${dir}/manifest.json is not valid JSON.`);
  }
  if ((json as { format?: unknown }).format !== EXPORT_FORMAT) throw new ExportError(`${dir}/manifest.json is not a Fieldkeep tenant export manifest.`);
  const parsed = ZExportManifest.safeParse(json);
  if (!parsed.success) throw new ExportError(`${dir}/manifest.json does not fit this Fieldkeep version: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  return parsed.data;
}

/** Each exported table with this server's table, in this server's foreign-key order. */
function planTables(manifest: ExportManifest, target: Map<string, TenantTable>): Array<{ source: ExportTable; target: TenantTable }> {
  const problems: string[] = [];
  const plan: Array<{ source: ExportTable; target: TenantTable }> = [];
  for (const t of manifest.tables) {
    const here = target.get(t.name);
    if (!here) {
      problems.push(`table ${t.name} does not exist on this server`);
      continue;
    }
    const missing = t.columns.filter((c) => !here.columns.some((h) => h.name === c.name)).map((c) => c.name);
    if (missing.length > 0) problems.push(`table ${t.name}: this server has no column ${missing.join(', ')}`);
    plan.push({ source: t, target: here });
  }
  if (problems.length > 0) throw new ExportError(`The export does not fit this server's schema: ${problems.join('; ')}.`);
  const order = [...target.keys()];
  return plan.sort((a, b) => order.indexOf(a.target.name) - order.indexOf(b.target.name));
}

async function refuseClashes(database: Pick<Database, 'db'>, manifest: ExportManifest, slug: string, dir: string): Promise<void> {
  const db = database.db;
  const t = manifest.tenant;
  const byId = await db.selectFrom('tenants').select(['slug']).where('id', '=', t.id).executeTakeFirst();
  if (byId) throw new ExportError(`This server already has the tenant ${t.name} (id ${t.id}, slug ${byId.slug}). An import never overwrites a tenant: nothing was changed.`);
  const bySlug = await db.selectFrom('tenants').select(['name']).where('slug', '=', slug).executeTakeFirst();
  if (bySlug) throw new ExportError(`The slug ${slug} is taken on this server (by ${bySlug.name}): import with --slug <another>. Nothing was changed.`);
  const users = manifest.tables.find((x) => x.name === 'users');
  if (!users) return;
  const logins: string[] = [];
  const col = users.columns.findIndex((c) => c.name === 'login');
  let header = true;
  for await (const r of readCsvRecords(path.join(dir, users.file), users.file)) {
    if (header) {
      header = false;
      continue;
    }
    const v = r.cells[col];
    if (v) logins.push(v);
  }
  const taken: string[] = [];
  for (let i = 0; i < logins.length; i += 500) {
    const rows = await db.selectFrom('users').select('login').where('login', 'in', logins.slice(i, i + 500)).execute();
    taken.push(...rows.map((r) => r.login));
  }
  if (taken.length > 0) {
    throw new ExportError(
      `Sign-in names are unique across a server, and ${taken.length} of this tenant's are used here already (${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ', …' : ''}). Nothing was changed.`,
    );
  }
}

async function sha256Of(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Every file against its manifest entry, before anything is written. */
async function verifyFiles(dir: string, manifest: ExportManifest, progress: ImportOptions['progress']): Promise<void> {
  const files = [...manifest.tables.map((t) => ({ file: t.file, sha256: t.sha256, size: t.bytes })), ...manifest.blobs.map((b) => ({ file: b.file, sha256: b.sha256, size: b.size }))];
  const problems: string[] = [];
  for (const [i, f] of files.entries()) {
    if (f.file.includes('..') || path.isAbsolute(f.file)) problems.push(`${f.file}: not a path inside the export`);
    else {
      try {
        const got = await sha256Of(path.join(dir, f.file));
        if (got.sha256 !== f.sha256 || got.size !== f.size) problems.push(`${f.file}: ${got.size} bytes with SHA-256 ${got.sha256.slice(0, 12)}…, the manifest says ${f.size} bytes, ${f.sha256.slice(0, 12)}…`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        problems.push(`${f.file}: missing`);
      }
    }
    progress?.('check', i + 1, files.length);
  }
  if (problems.length > 0) {
    throw new ExportError(`The export folder does not match its manifest (${problems.length} ${problems.length === 1 ? 'file' : 'files'}): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}. Nothing was changed.`);
  }
}

async function insertTable(trx: Transaction<DB>, dir: string, source: ExportTable, target: TenantTable, slug: string): Promise<number> {
  const skip = new Set(SERVER_NUMBERED[source.name] ?? []);
  const typeOf = new Map(target.columns.map((c) => [c.name, c.type]));
  let columns: string[] = [];
  let keep: number[] = [];
  let batch: Array<Record<string, unknown>> = [];
  let rows = 0;
  let perInsert = 1;
  const flush = async () => {
    if (batch.length === 0) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is chosen at run time from the schema
    await (trx as Transaction<any>).insertInto(source.name).values(batch).execute();
    batch = [];
  };
  const value = (column: string, cell: CsvCell, line: number): unknown => {
    if (cell === null) return null;
    if (!isNumericType(typeOf.get(column) ?? 'text')) return cell;
    const n = Number(cell);
    if (cell.trim() === '' || !Number.isFinite(n)) throw new ExportError(`${source.file}, line ${line}: ${column} should be a number, not "${cell}".`);
    return n;
  };
  for await (const rec of readCsvRecords(path.join(dir, source.file), source.file)) {
    if (columns.length === 0) {
      columns = rec.cells.map((c) => c ?? '');
      keep = columns.map((c, i) => (skip.has(c) ? -1 : i)).filter((i) => i >= 0);
      perInsert = Math.max(1, Math.min(500, Math.floor(MAX_VALUES_PER_INSERT / Math.max(1, keep.length))));
      continue;
    }
    if (rec.cells.length !== columns.length) throw new ExportError(`${source.file}, line ${rec.line}: ${rec.cells.length} fields, the header has ${columns.length}.`);
    const row: Record<string, unknown> = {};
    for (const i of keep) row[columns[i]!] = value(columns[i]!, rec.cells[i]!, rec.line);
    if (source.name === 'tenants') row.slug = slug;
    batch.push(row);
    rows++;
    if (batch.length >= perInsert) await flush();
  }
  await flush();
  if (rows !== source.rows) throw new ExportError(`${source.file}: ${rows} rows read, the manifest says ${source.rows}.`);
  return rows;
}
