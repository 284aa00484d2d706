// Dispatch board query for one day (and a week) with 10,000 jobs and 200 engineers in the database.
// Runs the real service (`getBoard`) on the built server against SQLite (and PostgreSQL with --pg).
// Prints JSON; the target is a median under 50 ms for one day on SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';

const dist = new URL('../apps/server/dist/', import.meta.url);
const { openDatabase, migrateToLatest } = await import(new URL('db/database.js', dist).href);
const { withWriteTx } = await import(new URL('db/write.js', dist).href);
const { createTenant } = await import(new URL('tenants/tenants.service.js', dist).href);
const { getBoard } = await import(new URL('board/board.service.js', dist).href);
const { ManualClock } = await import(new URL('clock.js', dist).href);
const { newId } = await import(new URL('ids.js', dist).href);

const JOBS = 10_000;
const ENGINEERS = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DATE = '2026-11-24';

async function setup(database) {
  await migrateToLatest(database.db);
  const clock = new ManualClock(new Date('2026-11-23T09:00:00Z'));
  const now = clock.now().toISOString();
  const { value } = await withWriteTx(database, clock, async (tx) => {
    const tenant = await createTenant(tx, { name: 'Bench Ltd', slug: 'bench', timeZone: 'Europe/London' });
    const t = tenant.id;
    const clientId = newId();
    await tx.trx.insertInto('clients').values({ id: clientId, tenant_id: t, name: 'Client', address: null, phone: null, email: null, notes: null, created_at: now, updated_at: now }).execute();
    const sites = [];
    for (let i = 0; i < 1000; i++) sites.push({ id: newId(), tenant_id: t, client_id: clientId, name: `Site ${i}`, address1: `${i} Road`, address2: null, town: 'Leeds', postcode: `LS${i % 30} 1AA`, lat: null, lng: null, access_notes: null, occupant_name: null, occupant_phone: null, occupant_email: null, created_at: now, updated_at: now });
    for (let i = 0; i < sites.length; i += 100) await tx.trx.insertInto('sites').values(sites.slice(i, i + 100)).execute();
    const engineers = [];
    for (let i = 0; i < ENGINEERS; i++) engineers.push({ id: newId(), tenant_id: t, login: `eng${i}@bench.test`, email: `eng${i}@bench.test`, name: `Engineer ${String(i).padStart(3, '0')}`, role: 'engineer', client_id: null, password_hash: null, disabled_at: null, failed_sign_ins: 0, locked_until: null, last_sign_in_at: null, created_at: now, updated_at: now });
    for (let i = 0; i < engineers.length; i += 100) await tx.trx.insertInto('users').values(engineers.slice(i, i + 100)).execute();
    // 10,000 jobs over 50 working days around the board's date: ~3 visits per engineer per day,
    // and 1,000 still waiting for a visit.
    const jobs = [];
    const visits = [];
    const ve = [];
    for (let i = 0; i < JOBS; i++) {
      const id = newId();
      const allocated = i >= 1000;
      jobs.push({ id, tenant_id: t, number: i + 1, client_id: clientId, site_id: sites[i % sites.length].id, asset_id: null, description: `Job ${i}`, job_type: 'repair', priority: ['low', 'normal', 'high', 'emergency'][i % 4], target_date: null, required_skills: '[]', required_engineers: 1, status: allocated ? 'scheduled' : 'new', created_by: null, created_at: now, updated_at: now });
      if (!allocated) continue;
      const k = i - 1000;
      const day = Math.floor(k / (ENGINEERS * 3)) - 7; // days -7 … +7 around DATE
      const slot = k % 3;
      const d = new Date(Date.parse(`${DATE}T08:00:00Z`) + day * 86_400_000 + slot * 3 * 3_600_000);
      const vid = newId();
      visits.push({ id: vid, tenant_id: t, job_id: id, starts_at: d.toISOString(), ends_at: new Date(d.getTime() + 2 * 3_600_000).toISOString(), status: 'scheduled', created_at: now, updated_at: now });
      ve.push({ tenant_id: t, visit_id: vid, engineer_id: engineers[Math.floor(k / 3) % ENGINEERS].id, arrived_at: null, departed_at: null });
    }
    for (let i = 0; i < jobs.length; i += 200) await tx.trx.insertInto('jobs').values(jobs.slice(i, i + 200)).execute();
    for (let i = 0; i < visits.length; i += 200) await tx.trx.insertInto('visits').values(visits.slice(i, i + 200)).execute();
    for (let i = 0; i < ve.length; i += 200) await tx.trx.insertInto('visit_engineers').values(ve.slice(i, i + 200)).execute();
    return { tenantId: t, visitsOnDay: visits.filter((v) => v.starts_at.startsWith(DATE)).length };
  });
  return { clock, ...value };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function run(dialect) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-bench-'));
  const pgSchema = dialect === 'postgres' ? `bench_${Math.random().toString(36).slice(2, 8)}` : undefined;
  const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  if (pgSchema) {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`create schema ${pgSchema}`);
    await c.end();
  }
  const database = openDatabase({ databaseUrl: pgSchema ? pgUrl : undefined, dataDir, pgSchema });
  try {
    const t0 = performance.now();
    const { clock, tenantId, visitsOnDay } = await setup(database);
    const setupMs = performance.now() - t0;
    const ctx = { config: {}, database, clock, log: pino({ level: 'silent' }), wakeOutbox() {} };
    const actor = { userId: newId(), tenantId, login: 'bench', role: 'office', clientId: null, sessionId: 'bench' };
    const measure = async (days) => {
      await getBoard(ctx, actor, DATE, days); // warm-up
      const ms = [];
      let board;
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        board = await getBoard(ctx, actor, DATE, days);
        ms.push(performance.now() - s);
      }
      return { days, runs: RUNS, medianMs: +median(ms).toFixed(2), p90Ms: +pct(ms, 0.9).toFixed(2), visits: board.visits.length, engineers: board.engineers.length, unallocatedShown: board.unallocated.length };
    };
    return { dialect, jobs: JOBS, engineers: ENGINEERS, visitsOnDay, setupMs: Math.round(setupMs), day: await measure(1), week: await measure(7) };
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP) process.stderr.write(`kept ${dataDir}\n`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
    if (pgSchema) {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop schema ${pgSchema} cascade`);
      await c.end();
    }
  }
}

const results = [await run('sqlite')];
if (process.argv.includes('--pg')) results.push(await run('postgres'));
const out = { benchmark: 'dispatch board query', date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, target: 'one day, SQLite: median < 50 ms', results };
fs.mkdirSync(new URL('results/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL('results/board.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
