// Acknowledged write latency, local vs replicated (issue 6): the same stream of sync pushes against
// a primary with FIELDKEEP_ACK=local, then against one with FIELDKEEP_ACK=replicated and an office
// replica on loopback, in one run. Sequential pushes from one device (latency) and 20 devices at once
// (throughput). JSON out (stdout and bench/results/ack.json).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
const PASSWORD = 'bench-password-1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);

function start(command, env, args = []) {
  const child = spawn(process.execPath, [BIN, command, ...args], { env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      const m = /running at (\S+)/.exec(out);
      if (m) {
        clearInterval(t);
        resolve({ url: m[1], child });
      }
    }, 20);
    child.once('exit', (c) => reject(new Error(`${command} exited ${c}: ${out}`)));
  });
}

const stop = (p) => new Promise((r) => { p.child.once('exit', r); p.child.kill('SIGTERM'); });
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

async function measure(mode) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fk-bench-ack-${mode}-`));
  const primaryDir = path.join(dir, 'primary');
  execFileSync(process.execPath, [BIN, 'demo', '--password', PASSWORD], { env: { ...process.env, FIELDKEEP_DATA_DIR: primaryDir, LOG_LEVEL: 'error' } });
  const token = execFileSync(process.execPath, [BIN, 'token', 'create', '--replication'], { env: { ...process.env, FIELDKEEP_DATA_DIR: primaryDir, LOG_LEVEL: 'error' }, encoding: 'utf8' }).trim().split('\n').at(-1);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const primary = await start('serve', { FIELDKEEP_DATA_DIR: primaryDir, PORT: String(port), FIELDKEEP_ACK: mode });
  const replica = mode === 'replicated' ? await start('replica', { FIELDKEEP_DATA_DIR: path.join(dir, 'replica'), PORT: '0' }, ['--primary', primary.url, '--token', token]) : undefined;
  try {
    const login = await fetch(`${primary.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eng1@demo.test', password: PASSWORD }) });
    const bearer = (await login.json()).token;
    const db = new Database(path.join(primaryDir, 'fieldkeep.sqlite'), { readonly: true });
    const jobId = db.prepare(`select v.job_id as id from visits v join visit_engineers ve on ve.visit_id = v.id join users u on u.id = ve.engineer_id where u.login = 'eng1@demo.test' limit 1`).get().id;
    db.close();
    const run = async (devices) => {
      const lat = [];
      const until = performance.now() + SECONDS * 1000;
      const tag = randomUUID().slice(0, 8);
      await Promise.all(Array.from({ length: devices }, async (_, d) => {
        let n = 1;
        while (performance.now() < until) {
          const t0 = performance.now();
          const res = await fetch(`${primary.url}/api/sync/push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
            body: JSON.stringify({ protocolVersion: 1, clientId: `bench-${tag}-${d}`, mutations: [{ id: n, name: 'jobNote.add', args: { id: randomUUID(), jobId, text: 'bench', at: new Date().toISOString() } }] }),
          });
          await res.text();
          if (res.status !== 200) throw new Error(`push answered ${res.status}`);
          lat.push(performance.now() - t0);
          n++;
        }
      }));
      return { devices, pushes: lat.length, perSecond: Math.round(lat.length / SECONDS), medianMs: +pct(lat, 50).toFixed(2), p99Ms: +pct(lat, 99).toFixed(2) };
    };
    await run(1); // warm-up
    return { mode, oneDevice: await run(1), twentyDevices: await run(20) };
  } finally {
    if (replica) await stop(replica);
    await stop(primary);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const local = await measure('local');
const replicated = await measure('replicated');
const result = {
  bench: 'ack',
  seconds: SECONDS,
  local,
  replicated,
  ratio: {
    medianLatencyOneDevice: +(replicated.oneDevice.medianMs / local.oneDevice.medianMs).toFixed(2),
    throughputTwentyDevices: +(replicated.twentyDevices.perSecond / local.twentyDevices.perSecond).toFixed(2),
  },
};
fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'bench/results/ack.json'), JSON.stringify(result, null, 2));
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
