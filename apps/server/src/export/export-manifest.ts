import { z } from 'zod';

/**
 * `manifest.json` of a tenant export: what the folder holds, with a SHA-256 of every file, so the
 * customer (or an import) can check nothing was lost or changed on the way.
 */
export const EXPORT_FORMAT = 'fieldkeep-tenant-export';

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ZExportTable = z.object({
  name: z.string(),
  /** Path inside the export folder, e.g. `tables/jobs.csv`. */
  file: z.string(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: ZSha256,
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  primaryKey: z.array(z.string()),
  /** Tenant tables this one refers to (an import inserts them first). */
  refersTo: z.array(z.string()),
});
export type ExportTable = z.infer<typeof ZExportTable>;

export const ZExportBlob = z.object({ sha256: ZSha256, size: z.number().int().nonnegative(), file: z.string() });
export type ExportBlob = z.infer<typeof ZExportBlob>;

export const ZExportManifest = z.object({
  format: z.literal(EXPORT_FORMAT),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  /** The newest migration of the database the export was read from. */
  schemaVersion: z.string(),
  fieldkeepVersion: z.string(),
  sourceDialect: z.enum(['sqlite', 'postgres']),
  tenant: z.object({ id: z.string(), name: z.string(), slug: z.string(), timeZone: z.string() }),
  csv: z.object({ encoding: z.literal('UTF-8'), header: z.literal(true), lineEnd: z.literal('CRLF'), quoting: z.string(), nulls: z.string() }),
  /** In foreign-key order: a table comes after every table it refers to. */
  tables: z.array(ZExportTable),
  blobs: z.array(ZExportBlob),
  /** Blobs the tenant's `blobs` table lists whose file was missing or damaged on the server (not in the export). */
  missingBlobs: z.array(z.object({ sha256: ZSha256, size: z.number().int(), problem: z.string() })),
  excludedTables: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** Columns an import leaves for the new server to number (change_log.position). */
  renumberedOnImport: z.record(z.string(), z.array(z.string())),
});
export type ExportManifest = z.infer<typeof ZExportManifest>;

export const CSV_NOTES: ExportManifest['csv'] = {
  encoding: 'UTF-8',
  header: true,
  lineEnd: 'CRLF',
  quoting: 'RFC 4180: every text value in double quotes, a quote inside written twice; numbers unquoted',
  nulls: 'an empty unquoted field is NULL; an empty text is written ""',
};

export const tableFile = (table: string) => `tables/${table}.csv`;
export const blobFile = (sha256: string) => `blobs/${sha256.slice(0, 2)}/${sha256}`;
