import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { listTables } from '../testing/tables.js';
import { assertSqliteVersion, MIN_SQLITE_VERSION, migrateToLatest, pendingMigrations } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

/** Tables that belong to the server, not to a tenant (DESIGN.md "Data"). */
// Server-wide rows: no tenant owns them (replication and backups cover every tenant at once).
const SERVER_TABLES = new Set(['instance_meta', 'tenants', 'repl_log', 'repl_tx', 'replication_tokens', 'replica_peers', 'backup_runs']);
// The status page's support log (a row names its caller's tenant when there was one) and integrity checks.
SERVER_TABLES.add('server_errors').add('integrity_checks');
/** Tenant-owned tables that also hold server-level rows (no tenant): their tenant_id may be null. */
const NULLABLE_TENANT_TABLES = new Set(['audit_log', 'outbox']);

for (const dialect of DIALECTS) {
  describe(`database schema and migrations (${dialect})`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect, 'database');
    });
    afterAll(async () => t?.drop());

    it('applies every migration to an empty database, and a second run applies nothing', async () => {
      const names = Object.keys(MIGRATIONS);
      expect(await pendingMigrations(t.database.db)).toEqual(names);
      expect(await migrateToLatest(t.database.db)).toEqual(names);
      expect(await migrateToLatest(t.database.db)).toEqual([]);
      expect(await pendingMigrations(t.database.db)).toEqual([]);
    });

    it('gives every tenant-owned table a tenant_id column, NOT NULL except where server rows live', async () => {
      await migrateToLatest(t.database.db);
      const tables = await listTables(t.database);
      const names = tables.map((tb) => tb.name);
      expect(names).toEqual(expect.arrayContaining(['tenants', 'users', 'change_log', 'audit_log', 'outbox']));
      expect(names.some((n) => n.startsWith('kysely_'))).toBe(false);

      const missing: string[] = [];
      const nullable: string[] = [];
      for (const table of tables) {
        if (SERVER_TABLES.has(table.name)) continue;
        const col = table.columns.find((c) => c.name === 'tenant_id');
        if (!col) missing.push(table.name);
        else if (col.isNullable && !NULLABLE_TENANT_TABLES.has(table.name)) nullable.push(table.name);
      }
      expect(missing, 'tables without tenant_id').toEqual([]);
      expect(nullable, 'tables whose tenant_id may be null').toEqual([]);
      for (const name of NULLABLE_TENANT_TABLES) {
        expect(tables.find((tb) => tb.name === name)?.columns.some((c) => c.name === 'tenant_id'), name).toBe(true);
      }
    });

    it('refuses a tenant-owned row without a tenant and a change-log row for an unknown tenant', async () => {
      await migrateToLatest(t.database.db);
      const now = new Date().toISOString();
      await expect(
        t.database.db.insertInto('clients').values({ id: 'c-no-tenant', tenant_id: null as unknown as string, name: 'x', created_at: now, updated_at: now }).execute(),
      ).rejects.toThrow();
      await expect(
        t.database.db
          .insertInto('change_log')
          .values({ tenant_id: 'no-such-tenant', entity: 'x', entity_id: 'x', op: 'put', data: 'null', at: now })
          .execute(),
      ).rejects.toThrow();
    });
  });
}

describe('migrations beside other schemas (postgres)', () => {
  it("migrates a fresh schema although another schema of the database already holds Kysely's tables", async () => {
    const first = await createTestDatabase('postgres', 'database-first');
    const second = await createTestDatabase('postgres', 'database-second');
    try {
      await migrateToLatest(first.database.db);
      expect(await pendingMigrations(second.database.db)).toEqual(Object.keys(MIGRATIONS));
      expect(await migrateToLatest(second.database.db)).toEqual(Object.keys(MIGRATIONS));
      expect(await pendingMigrations(second.database.db)).toEqual([]);
      const own = await sql<{ n: string }>`select count(*) as n from kysely_migration`.execute(second.database.db);
      expect(Number(own.rows[0]?.n)).toBe(Object.keys(MIGRATIONS).length);
    } finally {
      await second.drop();
      await first.drop();
    }
  });

  it('answers which migrations are pending while other schemas of the database come and go', async () => {
    // Readiness asks this on every probe. Kysely's migrator read every schema of the database and
    // failed with 3F000 when one was dropped meanwhile: /health/ready answered 503 on a healthy server.
    const ours = await createTestDatabase('postgres', 'database-churn');
    try {
      await migrateToLatest(ours.database.db);
      let stop = false;
      const churn = (async () => {
        for (let i = 0; !stop && i < 200; i++) {
          const other = await createTestDatabase('postgres', 'database-churn-other');
          await migrateToLatest(other.database.db);
          await other.drop();
        }
      })();
      try {
        for (let i = 0; i < 150; i++) expect(await pendingMigrations(ours.database.db)).toEqual([]);
      } finally {
        stop = true;
        await churn;
      }
    } finally {
      await ours.drop();
    }
  });
});

describe('SQLite connection settings', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite', 'sqlite-pragmas');
    await migrateToLatest(t.database.db);
  });
  afterAll(async () => t?.drop());

  const pragma = async (name: string) => {
    const r = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(t.database.db);
    return Object.values(r.rows[0] ?? {})[0];
  };

  it('uses WAL, synchronous=FULL and enforced foreign keys on the writer', async () => {
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(2);
    expect(await pragma('foreign_keys')).toBe(1);
  });

  it('keeps the reader connection read-only while it still sees committed data', async () => {
    const now = new Date().toISOString();
    await t.database.db.insertInto('instance_meta').values({ key: 'written-by-writer', value: now }).execute();
    const seen = await t.database.read.selectFrom('instance_meta').select('value').where('key', '=', 'written-by-writer').executeTakeFirst();
    expect(seen?.value).toBe(now);
    await expect(t.database.read.insertInto('instance_meta').values({ key: 'written-by-reader', value: 'x' }).execute()).rejects.toThrow(
      /readonly|read-only/i,
    );
    const leaked = await t.database.db.selectFrom('instance_meta').select('key').where('key', '=', 'written-by-reader').executeTakeFirst();
    expect(leaked).toBeUndefined();
  });
});

describe('SQLite version check', () => {
  it.each(['3.51.2', '3.50.9', '3.9.99', '2.99.99'])('refuses %s, naming the minimum', (version) => {
    expect(() => assertSqliteVersion(version)).toThrow(MIN_SQLITE_VERSION);
    expect(() => assertSqliteVersion(version)).toThrow(`SQLite ${version} is too old`);
  });

  it.each(['3.51.3', '3.51.10', '3.52.0', '3.53.0', '4.0.0'])('accepts %s', (version) => {
    expect(() => assertSqliteVersion(version)).not.toThrow();
  });

  it('has the minimum at 3.51.3, the first release without the WAL-reset bug', () => {
    expect(MIN_SQLITE_VERSION).toBe('3.51.3');
  });
});
