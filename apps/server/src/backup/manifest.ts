import { z } from 'zod';

/**
 * What a snapshot holds, computed from the snapshot itself (never from the live database, which
 * moves on): per table the row count and a SHA-256 over its rows in primary-key order, the last
 * change-log and replication positions, the schema version, and the blobs the `blobs` table lists.
 *
 * Row serialisation (the same before and after a restore, on each dialect): one line per row,
 * `JSON.stringify([v1, v2, …])` in column order, where each value is null or a string —
 *   SQLite: `i:<integer>`, `r:<real>`, `t:<text>`, `b:<hex>` (storage class + value);
 *   PostgreSQL: the value's text form, read with DateStyle ISO, TimeZone UTC, extra_float_digits 3,
 *   bytea_output hex, IntervalStyle postgres.
 * Rows are ordered by primary key (text compared as bytes: COLLATE "C" on PostgreSQL, BINARY on
 * SQLite); a table without a primary key by rowid (SQLite) or by every column (PostgreSQL). The
 * table hash is SHA-256 of `JSON.stringify({table, columns})\n` followed by the row lines.
 */
export const ZTableSummary = z.object({ name: z.string(), rows: z.number(), sha256: z.string() });
export type TableSummary = z.infer<typeof ZTableSummary>;

export const ZBlobEntry = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() });
export type BlobEntry = z.infer<typeof ZBlobEntry>;

export const ZSnapshotSummary = z.object({
  tables: z.array(ZTableSummary),
  changeLogPosition: z.number().nullable(),
  replicationPosition: z.number().nullable(),
  schemaVersion: z.string().nullable(),
  blobs: z.array(ZBlobEntry),
});
export type SnapshotSummary = z.infer<typeof ZSnapshotSummary>;

export const ZManifest = ZSnapshotSummary.extend({
  format: z.literal('fieldkeep-backup-manifest'),
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  /** PostgreSQL: the schema that was dumped (pg_restore recreates it under this name). */
  pgSchema: z.string().nullable(),
  snapshot: z.object({ bytes: z.number(), sha256: z.string(), encryptedBytes: z.number() }),
  /** Bytes of the blobs this backup holds. */
  blobBytes: z.number(),
  /** Blobs the database listed whose files were missing or damaged at backup time (not held). */
  missingBlobs: z.array(ZBlobEntry),
});
export type Manifest = z.infer<typeof ZManifest>;

/** Every difference between what the manifest promises and what a restored copy holds. */
export function compareSummary(expected: SnapshotSummary, actual: SnapshotSummary): string[] {
  const problems: string[] = [];
  const got = new Map(actual.tables.map((t) => [t.name, t]));
  for (const t of expected.tables) {
    const a = got.get(t.name);
    if (!a) problems.push(`table ${t.name}: missing from the restored copy`);
    else if (a.rows !== t.rows) problems.push(`table ${t.name}: ${a.rows} rows restored, the manifest says ${t.rows}`);
    else if (a.sha256 !== t.sha256) problems.push(`table ${t.name}: the rows differ from the manifest (content hash ${a.sha256.slice(0, 12)}…, expected ${t.sha256.slice(0, 12)}…)`);
    got.delete(t.name);
  }
  for (const name of got.keys()) problems.push(`table ${name}: in the restored copy but not in the manifest`);
  const same = (label: string, a: unknown, b: unknown) => {
    if (a !== b) problems.push(`${label}: restored ${String(b)}, the manifest says ${String(a)}`);
  };
  same('change-log position', expected.changeLogPosition, actual.changeLogPosition);
  same('replication position', expected.replicationPosition, actual.replicationPosition);
  same('schema version', expected.schemaVersion, actual.schemaVersion);
  const blobKey = (b: BlobEntry) => `${b.sha256}:${b.size}`;
  const want = new Set(expected.blobs.map(blobKey));
  const have = new Set(actual.blobs.map(blobKey));
  const missing = [...want].filter((k) => !have.has(k)).length;
  const extra = [...have].filter((k) => !want.has(k)).length;
  if (missing || extra) problems.push(`blobs table: lists ${actual.blobs.length} blobs, the manifest ${expected.blobs.length} (${missing} missing, ${extra} extra)`);
  return problems;
}
