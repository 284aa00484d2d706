import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { parseConfig, type Config } from '../config/config.js';
import { startServer, type RunningServer } from '../server.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { TEST_PASSWORD } from '../testing/test-server.js';
import { openDatabase } from './database.js';
import { checkSyncStandbyConfigured } from './pg-sync-commit.js';

/**
 * FIELDKEEP_ACK=replicated on PostgreSQL with a synchronous standby (docs/postgres-standby.md), on a
 * primary/standby cluster pair of its own (ports 5491/5492), never the shared server of the other
 * tests. Needs root and Debian's postgresql-common (pg_createcluster); CI has both.
 */

const run = promisify(execFile);

const PG_VERSION = installedPgVersion();
const PRIMARY = { name: 'fk_sync_primary', port: 5491 };
const STANDBY = { name: 'fk_sync_standby', port: 5492 };
/** What the standby calls itself (primary_conninfo application_name) and the primary waits for. */
const STANDBY_NAME = 'fk_standby';
const ACK_TIMEOUT_MS = 1500;
const PRIMARY_URL = `postgres://postgres@127.0.0.1:${PRIMARY.port}/postgres`;
const STANDBY_URL = `postgres://postgres@127.0.0.1:${STANDBY.port}/postgres`;

const skipReason =
  process.getuid?.() !== 0
    ? 'it must run as root (it creates and drops its own PostgreSQL clusters)'
    : !fs.existsSync('/usr/bin/pg_createcluster')
      ? 'pg_createcluster (postgresql-common) is not installed'
      : PG_VERSION === undefined
        ? 'no PostgreSQL server under /usr/lib/postgresql'
        : undefined;
if (skipReason) console.warn(`pg-standby.test.ts SKIPPED: ${skipReason}.`);

function installedPgVersion(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  return fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin/pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))[0];
}

async function sh(cmd: string, args: string[], asPostgres = false): Promise<string> {
  const [file, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  try {
    const { stdout } = await run(file, argv, { cwd: '/tmp', timeout: 60_000 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${argv.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const confDir = (cluster: string) => `/etc/postgresql/${PG_VERSION}/${cluster}`;
const dataDir = (cluster: string) => `/var/lib/postgresql/${PG_VERSION}/${cluster}`;
const pgctl = (cluster: string, ...action: string[]) => sh('pg_ctlcluster', [PG_VERSION!, cluster, ...action]);

/** Removes the pair (and whatever an earlier, perhaps killed, run left behind): standby first. */
async function dropClusters(): Promise<void> {
  for (const c of [STANDBY.name, PRIMARY.name]) {
    if (fs.existsSync(confDir(c))) await sh('pg_dropcluster', ['--stop', PG_VERSION!, c]).catch(() => undefined);
    fs.rmSync(confDir(c), { recursive: true, force: true });
    fs.rmSync(dataDir(c), { recursive: true, force: true });
  }
}

async function createClusters(): Promise<void> {
  const hba = ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ''].join('\n');
  await sh('pg_createcluster', [PG_VERSION!, PRIMARY.name, '-p', String(PRIMARY.port), '--', '--auth=trust', '--no-sync']);
  fs.writeFileSync(path.join(confDir(PRIMARY.name), 'pg_hba.conf'), hba);
  fs.writeFileSync(
    path.join(confDir(PRIMARY.name), 'conf.d', 'fieldkeep-sync.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `wal_level = replica`,
      `max_wal_senders = 4`,
      `synchronous_standby_names = '${STANDBY_NAME}'`,
      `synchronous_commit = on`,
      // A throwaway test cluster: skipping fsync keeps it fast and changes nothing about replication.
      `fsync = off`,
      '',
    ].join('\n'),
  );
  await pgctl(PRIMARY.name, 'start');

  await sh('pg_createcluster', [PG_VERSION!, STANDBY.name, '-p', String(STANDBY.port), '--', '--auth=trust', '--no-sync']);
  fs.writeFileSync(path.join(confDir(STANDBY.name), 'pg_hba.conf'), hba);
  fs.writeFileSync(path.join(confDir(STANDBY.name), 'conf.d', 'fieldkeep-sync.conf'), `listen_addresses = '127.0.0.1'\nhot_standby = on\nfsync = off\n`);
  // The standby's data directory is a base backup of the primary; -R writes standby.signal and
  // primary_conninfo, which carries the name the primary waits for.
  const data = dataDir(STANDBY.name);
  for (const entry of fs.readdirSync(data)) fs.rmSync(path.join(data, entry), { recursive: true, force: true });
  await sh(
    `/usr/lib/postgresql/${PG_VERSION}/bin/pg_basebackup`,
    ['-D', data, '-R', '-c', 'fast', '-X', 'stream', '-d', `host=127.0.0.1 port=${PRIMARY.port} user=postgres application_name=${STANDBY_NAME}`],
    true,
  );
  await pgctl(STANDBY.name, 'start');
}

/**
 * The pair has fixed names and ports, so two runs on one machine (two people's `npm test`, an editor
 * running tests) would tear down each other's clusters: a lock directory makes them take turns.
 */
const LOCK = path.join(os.tmpdir(), 'fieldkeep-pg-standby-test.lock');

async function takeLock(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = lockHolder();
    const since = fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    // Stale: its holder is gone (a killed run). A lock made a moment ago may not name its holder yet.
    if (Date.now() - since > 5_000 && !(holder !== undefined && isAlive(holder))) {
      fs.rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another run of this test (pid ${holder}) holds ${LOCK}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lockHolder(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `fn` until it answers something truthy; fails with `what` after `ms`. */
async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One query on a fresh plain connection (not the app's pool). */
async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const standbyIsSync = async () =>
  (await query<{ sync_state: string }>(PRIMARY_URL, `select sync_state from pg_stat_replication where application_name = $1 and state = 'streaming'`, [STANDBY_NAME]))[0]?.sync_state === 'sync';
const noteOn = async (url: string, id: string) => (await query<{ text: string }>(url, 'select text from job_notes where id = $1', [id]))[0]?.text;

describe.skipIf(skipReason !== undefined)('PostgreSQL with a synchronous standby (FIELDKEEP_ACK=replicated)', () => {
  let config: Config;
  let server: RunningServer;
  let tenant: BuiltTenant;
  let office = '';
  let eng = '';
  let jobId = '';
  const clientId = 'phone-standby-test';
  const noteId = (n: number) => `01a30000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const note = (n: number, text: string) => ({ id: n, name: 'jobNote.add', args: { id: noteId(n), jobId, text, at: '2026-11-23T10:30:00Z' } });

  /** A real HTTP request to the listening server. A hang fails the test instead of the suite. */
  async function api(method: string, url: string, token: string | undefined, body?: unknown) {
    // Far above what an answer needs (at most two bounded waits): only a hang gets here.
    const hangMs = ACK_TIMEOUT_MS * 4 + 10_000;
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(hangMs),
    }).catch((err: unknown) => {
      throw new Error(`${method} ${url}: no answer within ${hangMs} ms (${(err as Error).message})`);
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  }
  const push = (mutations: unknown[], device = clientId) => api('POST', '/api/sync/push', eng, { protocolVersion: 1, clientId: device, mutations });
  const signIn = async (login: string) => {
    const res = await api('POST', '/api/auth/login', undefined, { email: login, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`sign-in as ${login}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };

  let locked = false;

  beforeAll(async () => {
    await takeLock(90_000);
    locked = true;
    await dropClusters();
    await createClusters();
    await until('the standby to be streaming as a synchronous standby', standbyIsSync);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-standby-'));
    config = parseConfig({
      FIELDKEEP_DATA_DIR: dir,
      DATABASE_URL: PRIMARY_URL,
      FIELDKEEP_ACK: 'replicated',
      FIELDKEEP_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    // What server.ts does for FIELDKEEP_ACK=replicated on PostgreSQL.
    const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, syncCommitTimeoutMs: config.ackTimeoutMs });
    server = await startServer(config, {
      database,
      // A still clock: no sliding-session write sneaks into a request.
      clock: new ManualClock(new Date('2026-11-23T09:00:00.000Z')),
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      startWorker: false,
      listen: true,
      officeDist: '/nonexistent',
      fieldDist: '/nonexistent',
    });
    tenant = await buildTenant(server);
    office = await signIn(tenant.users.office.login);
    eng = await signIn(tenant.users.engineer.login);
    const site = await api('POST', '/api/sites', office, { clientId: tenant.clientId, name: 'Standby House', address1: '1 Mirror Lane', postcode: 'LS1 4AB' });
    const job = await api('POST', '/api/jobs', office, { siteId: (site.body.site as { id: string }).id, description: 'Boiler service', jobType: 'repair' });
    jobId = (job.body.job as { id: string }).id;
    const visit = await api('POST', '/api/visits', office, { jobId, startsAt: '2026-11-23T10:00:00.000Z', endsAt: '2026-11-23T12:00:00.000Z', engineerIds: [tenant.users.engineer.id] });
    expect(visit.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    if (!locked) return; // never tear down another run's clusters
    try {
      // A commit still waiting for the standby (a failed test) would hold the pool open: give up on
      // it after a while, the clusters go anyway.
      await Promise.race([server?.close(), new Promise((r) => setTimeout(r, 10_000))]);
    } finally {
      await dropClusters();
      if (lockHolder() === process.pid) fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }, 60_000);

  it('says how it is set up: commits wait for the standby, which is connected and synchronous', async () => {
    const status = await checkSyncStandbyConfigured(server.ctx.database.db);
    expect(status).toMatchObject({ synchronousStandbyNames: STANDBY_NAME, synchronousCommit: 'on', waitsForStandby: true, syncStandbyConnected: true });
    expect(status.standbys).toEqual([expect.objectContaining({ applicationName: STANDBY_NAME, syncState: 'sync' })]);
  });

  it('with the standby up, a phone’s write is answered and is on the standby', async () => {
    const res = await push([note(1, 'Boiler serviced, flue checked')]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lastMutationId: 1 });
    // synchronous_commit=on: on the standby's disk before the answer; readable once replayed.
    expect(await until('note 1 on the standby', () => noteOn(STANDBY_URL, noteId(1)), 10_000)).toBe('Boiler serviced, flue checked');
  });

  it('leaves alone a query that runs longer than the bound without waiting for the standby (a long report)', async () => {
    const r = await sql<{ n: number }>`select count(*)::int as n from (select pg_sleep(${(ACK_TIMEOUT_MS + 500) / 1000})) s`.execute(server.ctx.database.db);
    expect(r.rows[0]?.n).toBe(1);
  });

  it('with the standby down, the primary holds the commit and the app answers 503 replica_unavailable after the bound instead of hanging', async () => {
    await pgctl(STANDBY.name, 'stop', '-m', 'immediate');
    await until('the primary to see the standby gone', async () => !(await standbyIsSync()), 10_000);
    expect((await checkSyncStandbyConfigured(server.ctx.database.db)).syncStandbyConnected).toBe(false);

    const started = Date.now();
    const answer = push([note(1, 'Boiler serviced, flue checked'), note(2, 'Pressure relief valve replaced')]);
    // While the request is out, the app's COMMIT sits waiting for the standby: not acknowledged.
    let settled = false;
    const done = () => (settled = true);
    answer.then(done, done);
    const sawWaiting = await until(
      'the commit to wait for the standby',
      async () => settled || (await query<{ n: number }>(PRIMARY_URL, `select count(*)::int as n from pg_stat_activity where wait_event = 'SyncRep'`))[0]!.n > 0,
      ACK_TIMEOUT_MS * 4,
    );
    expect(settled ? 'answered before waiting for the standby' : sawWaiting).toBe(true);
    const res = await answer;
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('replica_unavailable');
    expect(res.headers.get('retry-after')).toBe('5');
    expect(elapsed).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 50);

    // It is committed on the primary only; the phone keeps it and will send it again.
    expect(await noteOn(PRIMARY_URL, noteId(2))).toBe('Pressure relief valve replaced');
    // Reading goes on: the office can still open the job.
    expect((await api('GET', `/api/jobs/${jobId}`, office)).status).toBe(200);
    // The phone's retry is not answered while no standby has the write, nor are other phones' writes
    // arriving together (they queue on the change-log lock): each is told, none hangs.
    const answers = await Promise.all([
      push([note(1, 'Boiler serviced, flue checked'), note(2, 'Pressure relief valve replaced')]),
      ...[1, 2, 3].map((k) => push([{ ...note(100 + k, `Van ${k} arrived`), id: 1 }], `phone-standby-other-${k}`)),
    ]);
    expect(answers.map((a) => [a.status, a.body.error?.code])).toEqual(Array.from({ length: 4 }, () => [503, 'replica_unavailable']));
    expect((await api('GET', `/api/jobs/${jobId}`, office)).status).toBe(200);
  });

  it('with the standby back, the held write reaches it, the retry is answered once, and new writes go through', async () => {
    await pgctl(STANDBY.name, 'start');
    await until('the standby to be synchronous again', standbyIsSync);
    expect(await until('note 2 on the standby', () => noteOn(STANDBY_URL, noteId(2)), 10_000)).toBe('Pressure relief valve replaced');

    const retry = await push([note(1, 'Boiler serviced, flue checked'), note(2, 'Pressure relief valve replaced')]);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ lastMutationId: 2 });
    const next = await push([note(3, 'Customer signed off')]);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ lastMutationId: 3 });
    expect(await until('note 3 on the standby', () => noteOn(STANDBY_URL, noteId(3)), 10_000)).toBe('Customer signed off');

    const detail = await api('GET', `/api/jobs/${jobId}`, office);
    const texts = (detail.body.notes as Array<{ text: string }>).map((n) => n.text);
    expect(texts.filter((t) => t === 'Pressure relief valve replaced')).toHaveLength(1);
    expect(texts).toEqual(expect.arrayContaining(['Boiler serviced, flue checked', 'Customer signed off']));
  });
});
