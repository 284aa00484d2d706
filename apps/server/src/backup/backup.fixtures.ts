import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { buildCli, CliError, runCli } from '../cli/cli.js';
import { ManualClock } from '../clock.js';
import { ConfigError, parseConfig } from '../config/config.js';
import { openDatabase, type Database } from '../db/database.js';
import { startServer, type RunningServer } from '../server.js';
import { TEST_DATABASE_URL } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import type { RouteFixtures } from '../testing/route-fixtures.js';
import { listTables } from '../testing/tables.js';
import { TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { registerBackupCommands } from './backup.cli.js';
import { passphraseWorkFactor } from './encryption.js';

/**
 * Test support for the backup tests (a `.fixtures.ts` file is left out of the build). Backups have no
 * HTTP routes, so the route fixtures are empty.
 */
export const fixtures: RouteFixtures = {};

export const TEST_PASSPHRASE = 'a long backup passphrase for tests';

/**
 * New backup folders in this test file get a cheap scrypt work factor (2^12 instead of age's 2^18):
 * tests measure behaviour, not the KDF. The restore drill keeps the real one.
 */
export function useFastPassphraseKdf(): void {
  passphraseWorkFactor.logN = 12;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `fieldkeep …` in-process with `env` as its whole environment, capturing stdout and stderr.
 * Uses runCli once cli.ts registers the backup commands; until then it registers them itself on the
 * same program and maps errors to exit codes as runCli does.
 */
export async function fieldkeep(args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  const capture = (sink: string[]) => ((chunk: string | Uint8Array) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const wired = buildCli(env).commands.some((c) => c.name() === 'backup');
    const code = wired ? await runCli(args, env) : await runWithBackupCommands(args, env);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
}

async function runWithBackupCommands(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const program = buildCli(env);
  registerBackupCommands(program, env);
  try {
    await program.parseAsync(args, { from: 'user' });
    return 0;
  } catch (e) {
    const c = e as { code?: string; exitCode?: number };
    if (c.code === 'commander.helpDisplayed' || (c.code === 'commander.help' && c.exitCode === 0)) return 0;
    if (typeof c.code === 'string' && c.code.startsWith('commander.')) return 2;
    if (e instanceof ConfigError || e instanceof CliError) {
      process.stderr.write(`fieldkeep: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface DrillData {
  tenant: BuiltTenant;
  office: string;
  jobIds: string[];
  blobs: Buffer[];
}

/** Realistic data made through the API: clients, sites, jobs, a visit, notes, photos and attachments. */
export async function buildDrillData(s: TestServer, opts: { blobs?: number; blobSize?: number } = {}): Promise<DrillData> {
  const tenant = await buildTenant(s);
  const office = await s.signIn(tenant.users.office.login, TEST_PASSWORD);
  const eng = await s.signIn(tenant.users.engineer.login, TEST_PASSWORD);
  const client = await s.call('POST', '/api/clients', { token: office, body: { name: 'Riverside Housing', phone: '0113 496 0000' } });
  if (client.statusCode !== 201) throw new Error(`client: ${client.body}`);
  const clientId = client.json<{ client: { id: string } }>().client.id;
  const jobIds: string[] = [];
  for (const [i, owner] of [tenant.clientId, clientId, clientId].entries()) {
    const site = await buildSite(s, office, owner, { name: `Flat ${i + 1}, Ünïcode Court` });
    jobIds.push((await buildJob(s, office, site.id, { description: `Job ${i + 1}: boiler service "annual"` })).id);
  }
  for (const jobId of jobIds) {
    const note = await s.call('POST', `/api/jobs/${jobId}/notes`, { token: office, body: { text: `Keys with the neighbour at no. ${jobId.slice(-3)}` } });
    if (note.statusCode !== 201) throw new Error(`note: ${note.body}`);
  }
  const visit = await s.call('POST', '/api/visits', {
    token: office,
    body: { jobId: jobIds[0], startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-23T11:00:00Z', engineerIds: [tenant.users.engineer.id] },
  });
  if (visit.statusCode !== 201) throw new Error(`visit: ${visit.body}`);
  const blobs: Buffer[] = [];
  const count = opts.blobs ?? 3;
  for (let i = 0; i < count; i++) {
    // One larger than age's 64 KiB chunk, so a blob spans several encrypted chunks.
    const bytes = opts.blobSize
      ? Buffer.alloc(opts.blobSize, `photo ${i} ${Math.random()} `)
      : i === 0
        ? Buffer.alloc(200 * 1024, `photo ${i} of the boiler `)
        : Buffer.from(`signature ${i} ${Math.random()}`);
    const put = await s.app.inject({ method: 'PUT', url: `/api/blobs/${sha256(bytes)}`, headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg' }, payload: bytes });
    if (put.statusCode !== 201) throw new Error(`blob: ${put.body}`);
    blobs.push(bytes);
  }
  const push = await s.call('POST', '/api/sync/push', {
    token: eng,
    body: {
      protocolVersion: 1,
      clientId: `drill-${tenant.tenant.slug}`,
      mutations: blobs.map((b, i) => ({
        id: i + 1,
        name: 'attachment.add',
        args: { id: `01a20000-0000-7000-8000-${String(i).padStart(12, '0')}`, jobId: jobIds[0], kind: 'photo', sha256: sha256(b), contentType: 'image/jpeg', size: b.length, at: '2026-11-23T10:30:00Z' },
      })),
    },
  });
  if (push.statusCode !== 200) throw new Error(`push: ${push.body}`);
  return { tenant, office, jobIds, blobs };
}

/** Every row of every table, in a stable order (what "the restored server has the same data" means). */
export async function dumpTables(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of await listTables(database)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(database.db)).rows;
    out[t.name] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort();
  }
  return out;
}

/** Every blob file under a data folder: relative path → bytes. */
export function blobFiles(dataDir: string): Map<string, Buffer> {
  const root = path.join(dataDir, 'blobs');
  const files = new Map<string, Buffer>();
  if (!fs.existsSync(root)) return files;
  for (const rel of fs.readdirSync(root, { recursive: true }).map(String)) {
    const p = path.join(root, rel);
    if (fs.statSync(p).isFile() && !path.basename(p).startsWith('.')) files.set(rel, fs.readFileSync(p));
  }
  return files;
}

/** The environment of a `fieldkeep` command run against a test server's own data. */
export function liveEnv(s: TestServer, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    FIELDKEEP_DATA_DIR: s.testDb.dataDir,
    DATABASE_URL: s.testDb.databaseUrl,
    FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE,
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The backup id in `backup create`'s summary line. */
export function backupIdOf(stdout: string): string {
  const m = /^backup (\S+):/m.exec(stdout);
  if (!m) throw new Error(`no backup id in: ${stdout}`);
  return m[1]!;
}

/** A real server (no socket, no workers) on an existing data folder or PostgreSQL database. */
export async function startServerOn(o: { dataDir: string; databaseUrl?: string | undefined; pgSchema?: string | undefined }): Promise<RunningServer> {
  const config = parseConfig({ FIELDKEEP_DATA_DIR: o.dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', FIELDKEEP_PUBLIC_URL: 'http://fieldkeep.test' });
  const database = openDatabase({ databaseUrl: o.databaseUrl, dataDir: o.dataDir, ...(o.pgSchema ? { pgSchema: o.pgSchema } : {}) });
  return startServer(config, {
    database,
    clock: new ManualClock(new Date('2026-11-23T12:00:00.000Z')),
    log: pino({ level: 'silent' }),
    startWorker: false,
    listen: false,
    officeDist: '/nonexistent',
    fieldDist: '/nonexistent',
  });
}

/** A new, empty PostgreSQL database on the test server; answers its URL and how to drop it. */
export async function createScratchPgDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fk_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
