import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TIntegrityCheck } from '@fieldkeep/domain';
import { createScratchPgDatabase } from '../backup/backup.fixtures.js';
import { parseConfig, ConfigError } from '../config/config.js';
import type { DB } from '../db/schema.js';
import { makePack } from '../pack/pack.service.js';
import { createReplicationToken } from '../replication/tokens.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { safeErrorLine } from './error-recorder.js';
import { integrityRunner } from './integrity.js';
import { diskProbe } from './server.check.js';
import { itemOf, startStatusServer } from './status.fixtures.js';

// Faults of the server itself: requests failing with 500 (the support log, with request ids), a
// nearly full disk (through diskProbe, the injection point for free space), a damaged database (the
// integrity check), and /metrics for monitoring.

const GB = 1024 ** 3;
const realStatfs = diskProbe.statfs;

/** Every sample line of a Prometheus text answer, by metric name (with its labels). */
function parsePrometheus(text: string): { samples: Map<string, number>; helps: Set<string>; types: Map<string, string> } {
  const samples = new Map<string, number>();
  const helps = new Set<string>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# HELP ([a-zA-Z_:][\w:]*) .+$/.exec(line);
    if (m) {
      helps.add(m[1]!);
      continue;
    }
    m = /^# TYPE ([a-zA-Z_:][\w:]*) (gauge|counter)$/.exec(line);
    if (m) {
      types.set(m[1]!, m[2]!);
      continue;
    }
    m = /^([a-zA-Z_:][\w:]*(?:\{[a-zA-Z_]\w*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_]\w*="(?:[^"\\]|\\.)*")*\})?) (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|[+-]Inf)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus text line: ${line}`);
    samples.set(m[1]!, Number(m[2]));
  }
  return { samples, helps, types };
}

for (const dialect of DIALECTS) {
  describe(`status page: server errors, disk, integrity and metrics (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    let admin = '';
    let otherAdmin = '';
    let token = '';

    beforeAll(async () => {
      s = await startStatusServer(dialect, { label: 'status-server' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
      token = (await createReplicationToken(s.ctx.database.db, 'prometheus', s.clock.now().toISOString())).token;
    });
    afterAll(async () => s?.stop());
    afterEach(() => {
      diskProbe.statfs = realStatfs;
    });

    it('keeps each 500 in the support log with its request id; the admin sees their own; many in an hour is red', async () => {
      expect(await itemOf(s, admin, 'server_errors')).toMatchObject({ status: 'green', entries: [] });
      // The fault: a table the audit page reads is gone (renamed away for the length of the test).
      await sql`alter table audit_log rename to audit_log_away`.execute(s.ctx.database.db);
      const failed: string[] = [];
      try {
        for (let i = 0; i < 5; i++) {
          const res = await s.call('GET', '/api/audit?limit=10', { token: admin });
          expect(res.statusCode).toBe(500);
          expect(res.json()).toMatchObject({ error: { code: 'internal_error' } });
          failed.push(String(res.headers['x-request-id']));
          if (i === 0) {
            const e = await itemOf(s, admin, 'server_errors');
            expect(e.status).toBe('amber');
            expect(e.summary).toMatch(/^1 request failed with a server error for your company in the last 24 hours/);
            expect(e.entries[0]).toMatchObject({ title: 'GET /api/audit', facts: [{ label: 'Request id', value: failed[0] }] });
            expect(e.entries[0]!.text).toMatch(/audit_log/);
          }
        }
      } finally {
        await sql`alter table audit_log_away rename to audit_log`.execute(s.ctx.database.db);
      }
      const e = await itemOf(s, admin, 'server_errors');
      expect(e.status).toBe('red');
      expect(e.entries.map((x) => x.facts[0]!.value)).toEqual([...failed].reverse());
      expect(e.action).toEqual({ label: 'Reporting a server error (docs/status.md)', href: 'docs/status.md#9-recent-server-errors' });
      // Another company's admin sees none of them (only a count for the whole server); monitoring sees all.
      const theirs = await itemOf(s, otherAdmin, 'server_errors');
      expect(theirs).toMatchObject({ status: 'green', entries: [] });
      expect(theirs.details).toContainEqual({ label: 'Whole server, last 24 hours (all companies)', value: '5' });
      expect((await itemOf(s, token, 'server_errors')).entries).toHaveLength(5);

      s.clock.advance(2 * 3600_000);
      expect((await itemOf(s, admin, 'server_errors')).status).toBe('amber');
      s.clock.advance(23 * 3600_000);
      expect((await itemOf(s, admin, 'server_errors')).status).toBe('green');
    });

    it('writes no secrets into the support log', () => {
      const line = safeErrorLine(Object.assign(new Error('connect to postgres://fk:hunter2@db:5432/x failed for ann@example.com with Bearer abc.def and fkr_secret123 password=hunter2\nstack'), { code: 'ECONNREFUSED' }));
      expect(line).toBe('Error ECONNREFUSED: connect to postgres://<hidden> failed for <email> with Bearer <hidden> and fkr_<hidden> password=<hidden>');
    });

    it('disk: red under 1 GB or 5 % free, amber under 15 %, green again with room (diskProbe injection)', async () => {
      diskProbe.statfs = async () => ({ free: 0.5 * GB, total: 200 * GB });
      let d = await itemOf(s, admin, 'disk');
      expect(d.status).toBe('red');
      expect(d.summary).toMatch(/^512 MB free of 200 GB \(0 %\) on the disk of the data folder\. When it is full/);
      expect(d.action).toEqual({ label: 'Disk full (docs/operations.md)', href: 'docs/operations.md#6-disk-full' });
      diskProbe.statfs = async () => ({ free: 20 * GB, total: 200 * GB });
      d = await itemOf(s, admin, 'disk');
      expect(d.status).toBe('amber');
      diskProbe.statfs = async () => ({ free: 120 * GB, total: 200 * GB });
      d = await itemOf(s, admin, 'disk');
      expect(d.status).toBe('green');
      expect(d.details.find((x) => x.label === 'Disk size')?.value).toBe('200 GB');
      // The real probe reads the data folder's disk.
      const real = await realStatfs(s.ctx.config.dataDir);
      expect(real.total).toBeGreaterThan(0);
      expect(real.free).toBeGreaterThan(0);
      // Only monitoring is told where the data folder is.
      expect(JSON.stringify(d)).not.toContain(s.ctx.config.dataDir);
      expect((await itemOf(s, token, 'disk')).details).toContainEqual({ label: 'Data folder', value: s.ctx.config.dataDir });
    });

    it('integrity: "Run now" checks the database; a damaged database is red; a good check is green again', async () => {
      let i = await itemOf(s, admin, 'integrity');
      expect(i).toMatchObject({ status: 'green', action: { label: 'Run the check now', method: 'POST', url: '/api/status/integrity/run' } });
      expect(i.summary).toMatch(/^Not checked yet\. The first scheduled check runs in \d+ hours?\.$/);
      const office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      expect((await s.call('POST', '/api/status/integrity/run', { token: office, body: {} })).statusCode).toBe(403);

      const started = await s.call('POST', '/api/status/integrity/run', { token: admin, body: {} });
      expect(started.statusCode).toBe(202);
      expect(started.json<{ check: TIntegrityCheck }>().check).toMatchObject({ status: 'running', startedBy: 'admin' });
      await integrityRunner(s.ctx).idle();
      i = await itemOf(s, admin, 'integrity');
      expect(i.status).toBe('green');
      expect(i.summary).toMatch(/^Checked just now \(took [\d.]+ s\): no problems found\.$/);

      // The fault: a damaged database, checked as this server's database would be.
      const damaged = await damagedDatabase(s);
      try {
        const r = await integrityRunner(s.ctx).run('admin', damaged.target);
        expect(r.status).toBe('failed');
        i = await itemOf(s, admin, 'integrity');
        expect(i.status).toBe('red');
        expect(i.summary).toMatch(/^The database check just now found \d+ problems?: /);
        expect(i.action).toEqual({ label: 'What to do (docs/status.md)', href: 'docs/status.md#6-database-integrity' });
        expect(i.entries.length).toBeGreaterThan(0);
        expect(i.entries[0]!.text).toMatch(damaged.expect);
      } finally {
        await damaged.drop();
      }
      // Mended (restored): the next check of the real database passes.
      s.clock.advance(60_000);
      await integrityRunner(s.ctx).run('schedule');
      i = await itemOf(s, admin, 'integrity');
      expect(i.status).toBe('green');
    });

    it('fallback pack: a pack that cannot be written is red; made again once the folder is mended: green', async () => {
      let f = await itemOf(s, admin, 'fallback_pack');
      expect(f.status).toBe('green');
      expect(f.summary).toMatch(/^No fallback pack yet: the first is made in \d+ hours?/);
      // The fault: where the packs go is a file, not a folder.
      const packs = path.join(s.ctx.config.dataDir, 'packs');
      fs.writeFileSync(packs, 'not a folder');
      try {
        await expect(makePack(s.ctx, t.tenant.id, { kind: 'schedule', userId: null })).rejects.toThrow();
        f = await itemOf(s, admin, 'fallback_pack');
        expect(f.status).toBe('red');
        expect(f.summary).toMatch(/^The last fallback pack could not be made \(just now\): .+ There is no pack yet\. Make one now on the Fallback pack page\.$/);
        expect(f.action).toEqual({ label: 'Open the Fallback pack page', href: '/pack' });
        expect(await itemOf(s, otherAdmin, 'fallback_pack')).toMatchObject({ status: 'green' });
        expect(await itemOf(s, token, 'fallback_pack')).toMatchObject({ status: 'red', summary: 'The fallback pack of 1 company could not be made.' });
      } finally {
        fs.rmSync(packs, { force: true });
      }
      s.clock.advance(60_000);
      await makePack(s.ctx, t.tenant.id, { kind: 'schedule', userId: null });
      f = await itemOf(s, admin, 'fallback_pack');
      expect(f).toMatchObject({ status: 'green', summary: 'Newest fallback pack made just now, ready to print.' });
      s.clock.advance(27 * 3600_000);
      expect((await itemOf(s, admin, 'fallback_pack')).status).toBe('amber');
    });

    it('/metrics: Prometheus text with HELP and TYPE for every series, a replication token required', async () => {
      expect((await s.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await s.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${admin}` } })).statusCode).toBe(401);
      diskProbe.statfs = async () => ({ free: 123 * GB, total: 456 * GB });
      const res = await s.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      const { samples, helps, types } = parsePrometheus(res.body);
      for (const name of new Set([...samples.keys()].map((k) => k.replace(/\{.*$/, '')))) {
        expect(helps.has(name), `HELP for ${name}`).toBe(true);
        expect(types.has(name), `TYPE for ${name}`).toBe(true);
      }
      expect(samples.get('fieldkeep_disk_free_bytes')).toBe(123 * GB);
      expect(samples.get('fieldkeep_disk_total_bytes')).toBe(456 * GB);
      expect(samples.get('fieldkeep_server_errors_total')).toBe(5);
      expect(types.get('fieldkeep_server_errors_total')).toBe('counter');
      expect(samples.get('fieldkeep_integrity_ok')).toBe(1);
      expect(samples.get('fieldkeep_outbox_queued')).toBe(0);
      expect(samples.get('fieldkeep_devices_with_rejections')).toBe(0);
      expect(samples.get('fieldkeep_ack_degraded')).toBe(0);
      expect(samples.get('fieldkeep_backup_configured')).toBe(0);
      expect(samples.has('fieldkeep_backup_last_success_timestamp_seconds')).toBe(false);
      expect(samples.get('fieldkeep_status{item="disk"}')).toBe(0);
      expect(samples.get('fieldkeep_status{item="backups"}')).toBe(1);
      expect(samples.has('fieldkeep_status{item="integrations"}')).toBe(false);
      expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(samples.get('fieldkeep_uptime_seconds')).toBeGreaterThanOrEqual(0);
      expect(res.body).not.toContain(t.tenant.name);
    });
  });
}

describe('status configuration', () => {
  it('reads FIELDKEEP_INTEGRITY_SCHEDULE (or off) and FIELDKEEP_METRICS_PUBLIC, and refuses nonsense', () => {
    expect(parseConfig({}).status).toEqual({ integritySchedule: '15 3 * * *', metricsPublic: false });
    expect(parseConfig({ FIELDKEEP_INTEGRITY_SCHEDULE: 'off', FIELDKEEP_METRICS_PUBLIC: '1' }).status).toEqual({ integritySchedule: null, metricsPublic: true });
    expect(() => parseConfig({ FIELDKEEP_INTEGRITY_SCHEDULE: 'at night', FIELDKEEP_METRICS_PUBLIC: 'yes' })).toThrow(ConfigError);
    try {
      parseConfig({ FIELDKEEP_INTEGRITY_SCHEDULE: 'at night', FIELDKEEP_METRICS_PUBLIC: 'yes' });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([expect.stringMatching(/^FIELDKEEP_INTEGRITY_SCHEDULE: must be a cron expression/), expect.stringMatching(/^FIELDKEEP_METRICS_PUBLIC: must be 1/)]);
    }
  });
});

describe('/metrics with FIELDKEEP_METRICS_PUBLIC=1', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startStatusServer('sqlite', { label: 'status-public', env: { FIELDKEEP_METRICS_PUBLIC: '1' } });
  });
  afterAll(async () => s?.stop());
  it('answers without a token', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/^fieldkeep_status_overall [012]$/m);
  });
});

/**
 * A damaged copy of the database and what the check must say about it. SQLite: a copy of the file
 * with pages overwritten. PostgreSQL: a scratch database one of whose tables lost its file on disk
 * (where this machine lets the test reach PostgreSQL's data directory; otherwise a database that
 * cannot be reached at all).
 */
async function damagedDatabase(s: TestServer): Promise<{ target: { sqliteFile?: string; postgres?: Kysely<DB> }; expect: RegExp; drop(): Promise<void> }> {
  if (s.ctx.database.dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-damaged-'));
    const file = path.join(dir, 'damaged.sqlite');
    await sql.raw(`vacuum into '${file.replace(/'/g, "''")}'`).execute(s.ctx.database.db);
    const b = fs.readFileSync(file);
    const page = 4096;
    // Overwrite the pages after the schema (page 1) with noise: tables and indexes no longer add up.
    for (let i = 2 * page; i < Math.min(b.length, 12 * page); i += 7) b[i] = (b[i]! * 31 + i) & 0xff;
    fs.writeFileSync(file, b);
    return { target: { sqliteFile: file }, expect: /quick_check|malformed|could not be read/, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const scratch = await createScratchPgDatabase('integrity');
  const setup = new pg.Client({ connectionString: scratch.url });
  await setup.connect();
  await setup.query('create table jobs_copy (id text primary key, note text)');
  await setup.query("insert into jobs_copy select g::text, repeat('x', 200) from generate_series(1, 500) g");
  // amcheck where it can be installed (a scratch database of its own): the deeper check runs, and passes.
  await setup.query('create extension if not exists amcheck');
  const r = await setup.query<{ dir: string; file: string }>("select current_setting('data_directory') as dir, pg_relation_filepath('jobs_copy') as file");
  await setup.end();
  const healthy = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: scratch.url, max: 1 }) }) });
  const before = await integrityRunner(s.ctx).run('admin', { postgres: healthy });
  await healthy.destroy();
  expect(before).toMatchObject({ status: 'ok', method: 'amcheck' });
  const relFile = path.join(r.rows[0]!.dir, r.rows[0]!.file);
  let expectText = /could not be read/;
  try {
    fs.rmSync(relFile);
  } catch {
    // This machine cannot reach PostgreSQL's files: check a database that does not exist instead.
    await scratch.drop();
    const gone = new URL(scratch.url);
    gone.pathname = '/fk_no_such_database';
    expectText = /could not run/;
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: gone.toString(), max: 1 }) }) });
    return { target: { postgres: db }, expect: expectText, drop: () => db.destroy() };
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: scratch.url, max: 1 }) }) });
  return {
    target: { postgres: db },
    expect: expectText,
    async drop() {
      await db.destroy();
      await scratch.drop();
    },
  };
}
