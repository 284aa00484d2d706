// Push ingest on SQLite (synchronous=FULL): 50 and 200 concurrent simulated devices against a real
// server process, beside the raw limit measured in the same run — the same rows inserted by a bare
// better-sqlite3 loop committing as often as the server must (once per push). JSON out.
// Goal (issue 4): at least half the raw limit, p99 under 50 ms at 200 devices.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

const ROOT = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'bench-password-1';
const BATCH = 10; // mutations per push, as a phone syncing every few minutes sends
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

async function startServer(dataDir) {
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/server/bin/fieldkeep.js'), 'serve', '--demo', '--demo-password', PASSWORD], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FIELDKEEP_DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const url = await new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = /running at (\S+)/.exec(out);
      if (m) {
        clearInterval(t);
        resolve(m[1]);
      }
    }, 20);
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { url, child };
}

async function json(url, opts) {
  const r = await fetch(url, opts);
  if (!r.ok) throw new Error(`${opts?.method ?? 'GET'} ${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

async function runDevices(url, token, jobId, devices, everyMs = 0) {
  const latencies = [];
  let mutations = 0;
  const until = performance.now() + SECONDS * 1000;
  const tag = randomUUID().slice(0, 8);
  await Promise.all(
    Array.from({ length: devices }, async (_, d) => {
      const clientId = `bench-${tag}-${d}`;
      let next = 1;
      while (performance.now() < until) {
        const batch = Array.from({ length: BATCH }, () => ({ id: next++, name: 'jobNote.add', args: { id: randomUUID(), jobId, text: `bench note from device ${d}`, at: new Date().toISOString() } }));
        const t0 = performance.now();
        const res = await fetch(`${url}/api/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ protocolVersion: 1, clientId, mutations: batch }),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`push: ${res.status}`);
        latencies.push(performance.now() - t0);
        mutations += BATCH;
        // Open loop: a phone syncs every few seconds, not back-to-back (jittered so they do not align).
        if (everyMs) await new Promise((r) => setTimeout(r, everyMs * (0.5 + Math.random())));
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p) => +latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  return { devices, mode: everyMs ? `each device every ~${everyMs / 1000} s` : 'back-to-back (saturation)', pushes: latencies.length, mutationsPerSecond: Math.round(mutations / SECONDS), p50Ms: q(0.5), p99Ms: q(0.99) };
}

/** The raw limit: one transaction per push of BATCH notes + their change-log rows + the device counter. */
function rawLimit(dir) {
  const db = new Database(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table notes (id text primary key, tenant_id text, job_id text, text text, client_visible integer, author_id text, author_name text, at text);
           create table log (position integer primary key autoincrement, tenant_id text, entity text, entity_id text, op text, data text, at text);
           create table dev (id text primary key, last integer); insert into dev values ('d', 0);`);
  const note = db.prepare('insert into notes values (?,?,?,?,?,?,?,?)');
  const log = db.prepare('insert into log (tenant_id, entity, entity_id, op, data, at) values (?,?,?,?,?,?)');
  const dev = db.prepare("update dev set last = last + ? where id = 'd'");
  const push = db.transaction(() => {
    for (let i = 0; i < BATCH; i++) {
      const id = randomUUID();
      const at = new Date().toISOString();
      note.run(id, 't', 'j', 'bench note', 0, 'u', 'Engineer', at);
      log.run('t', 'job_note', id, 'put', JSON.stringify({ id, text: 'bench note', at }), at);
    }
    dev.run(BATCH);
  });
  const until = performance.now() + SECONDS * 1000;
  let n = 0;
  while (performance.now() < until) {
    push();
    n += BATCH;
  }
  db.close();
  return { mutationsPerSecond: Math.round(n / SECONDS), commitsPerSecond: Math.round(n / BATCH / SECONDS) };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-bench-push-'));
const { url, child } = await startServer(dataDir);
try {
  const { token } = await json(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eng1@demo.test', password: PASSWORD }) });
  const pulled = await json(`${url}/api/sync/pull?clientId=bench-setup&cursor=`, { headers: { authorization: `Bearer ${token}` } });
  const jobId = pulled.changes.find((c) => c.entity === 'job').id;
  const raw = rawLimit(dataDir);
  const at50 = await runDevices(url, token, jobId, 50);
  const at200 = await runDevices(url, token, jobId, 200);
  const at200open = await runDevices(url, token, jobId, 200, 2000);
  const out = {
    benchmark: 'sync push ingest, SQLite synchronous=FULL',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    secondsPerRun: SECONDS,
    mutationsPerPush: BATCH,
    rawLimit: raw,
    results: [at50, at200, at200open].map((r) => ({ ...r, ratioToRaw: +(r.mutationsPerSecond / raw.mutationsPerSecond).toFixed(2) })),
    goal: 'at least half the raw limit; p99 under 50 ms at 200 devices',
  };
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/push.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
} finally {
  child.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
