import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type Dialect } from '../db/database.js';

/** Every repository and route test runs on both (Kysely's own suite does the same). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  database: Database;
  dataDir: string;
  /** The DATABASE_URL a child process should use to reach the same data ('' for SQLite). */
  databaseUrl: string | undefined;
  pgSchema: string | undefined;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: a new SQLite file in its own temp folder, or a new PostgreSQL schema.
 * A missing PostgreSQL is a failure, never a skip: the suite promises both dialects.
 */
export async function createTestDatabase(dialect: Dialect, label = 'test'): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `fk-${label}-`));
  if (dialect === 'sqlite') {
    const database = openDatabase({ databaseUrl: undefined, dataDir });
    return {
      database,
      dataDir,
      databaseUrl: undefined,
      pgSchema: undefined,
      async drop() {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${label.replace(/\W/g, '_').slice(0, 20)}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(err as Error).message}). ` +
        'Start it (see README "Running the tests") or set TEST_DATABASE_URL.',
    );
  }
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir, pgSchema: schema, pgPoolSize: 12 });
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    database,
    dataDir,
    databaseUrl: url.toString(),
    pgSchema: schema,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
