import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/smtp.js';
import { spawnFieldkeep, type ServerChild } from '../testing/server-process.js';

/**
 * Fault test against real processes (issue 6): a stream of sync pushes under FIELDKEEP_ACK=replicated
 * while the primary, the replica, or both are killed with SIGKILL and restarted, cycle after cycle.
 * Afterwards every acknowledged write is on the primary and on the replica, and no write sent while
 * the replica was dead was acknowledged before it came back.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
const CYCLES = 21;
const PASSWORD = 'fault-test-password';

interface Ack {
  noteId: string;
  sentAt: number;
  ackAt: number;
}

describe('replicated acknowledgement survives kill -9 of primary and replica (real processes)', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-faults-'));
  const primaryDir = path.join(base, 'primary');
  const replicaDir = path.join(base, 'replica');
  let primaryPort = 0;
  let replicaPort = 0;
  let token = '';
  let primary: ServerChild | undefined;
  let replica: ServerChild | undefined;
  const primaryEnv = () => ({ FIELDKEEP_DATA_DIR: primaryDir, PORT: String(primaryPort), FIELDKEEP_ACK: 'replicated', FIELDKEEP_ACK_TIMEOUT_MS: '1500' });
  const startPrimary = async () => (primary = await spawnFieldkeep('serve', primaryEnv()));
  const startReplica = async () =>
    (replica = await spawnFieldkeep('replica', { FIELDKEEP_DATA_DIR: replicaDir, PORT: String(replicaPort) }, ['--primary', `http://127.0.0.1:${primaryPort}`, '--token', token]));

  beforeAll(async () => {
    primaryPort = await freePort();
    replicaPort = await freePort();
    const cli = (args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, FIELDKEEP_DATA_DIR: primaryDir, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    cli(['demo', '--password', PASSWORD]);
    token = cli(['token', 'create', '--replication', '--name', 'fault test']).trim().split('\n').at(-1)!;
    await startPrimary();
    await startReplica();
  }, 60_000);

  afterAll(async () => {
    await replica?.kill();
    await primary?.kill();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write on both servers across ${CYCLES} kill -9 cycles`, async () => {
    const url = `http://127.0.0.1:${primaryPort}`;
    const login = async (): Promise<string> => {
      for (;;) {
        try {
          const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eng1@demo.test', password: PASSWORD }) });
          if (r.ok) return ((await r.json()) as { token: string }).token;
        } catch {
          // primary restarting
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const bearer = await login();
    const db = new SQLite(path.join(primaryDir, 'fieldkeep.sqlite'), { readonly: true });
    const jobId = (
      db
        .prepare(`select v.job_id as id from visits v join visit_engineers ve on ve.visit_id = v.id join users u on u.id = ve.engineer_id where u.login = 'eng1@demo.test' limit 1`)
        .get() as { id: string }
    ).id;
    db.close();

    const acks: Ack[] = [];
    const refusals = { replicaUnavailable: 0, connection: 0 };
    let running = true;
    /** A phone: mutation n is sent (and resent, idempotently) until the server acknowledges it. */
    const phone = async (clientId: string) => {
      let n = 1;
      while (running) {
        const noteId = `01a2${clientId.slice(-4)}-0000-7000-8000-${String(n).padStart(12, '0')}`;
        const sentAt = Date.now();
        try {
          const res = await fetch(`${url}/api/sync/push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
            body: JSON.stringify({ protocolVersion: 1, clientId, mutations: [{ id: n, name: 'jobNote.add', args: { id: noteId, jobId, text: `note ${n}`, at: new Date().toISOString() } }] }),
            signal: AbortSignal.timeout(5000),
          });
          if (res.ok) {
            const body = (await res.json()) as { lastMutationId: number };
            expect(body.lastMutationId).toBe(n);
            acks.push({ noteId, sentAt, ackAt: Date.now() });
            n++;
            continue;
          }
          const err = (await res.json()) as { error: { code: string } };
          expect(['replica_unavailable', 'internal_error']).toContain(err.error.code);
          refusals.replicaUnavailable++;
        } catch {
          refusals.connection++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const phones = [phone('fault-phone-aaaa'), phone('fault-phone-bbbb')];

    const replicaDown: Array<{ from: number; to: number }> = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const ackCount = () => acks.length;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const victim = (['primary', 'replica', 'both'] as const)[cycle % 3]!;
        const before = ackCount();
        await sleep(150 + Math.floor(Math.random() * 250)); // writes in flight when the kill comes
        if (victim !== 'primary') {
          const from = Date.now();
          await replica!.kill('SIGKILL');
          replicaDown.push({ from, to: Number.POSITIVE_INFINITY });
        }
        if (victim !== 'replica') await primary!.kill('SIGKILL');
        await sleep(300 + Math.floor(Math.random() * 300)); // phones keep trying meanwhile
        if (victim !== 'replica') await startPrimary();
        if (victim !== 'primary') {
          await startReplica();
          replicaDown.at(-1)!.to = Date.now();
        }
        // Progress after each cycle: the stream goes on.
        const deadline = Date.now() + 20_000;
        while (ackCount() < before + 2) {
          if (Date.now() > deadline) throw new Error(`cycle ${cycle} (${victim}): no acknowledged write after restart.\nprimary:\n${primary!.output().slice(-2000)}\nreplica:\n${replica!.output().slice(-2000)}`);
          await sleep(50);
        }
      }
    } finally {
      running = false;
      await Promise.all(phones);
    }

    // No write sent after the replica died was acknowledged before the replica was back.
    const falseAcks = acks.filter((a) => replicaDown.some((d) => a.sentAt > d.from + 5 && a.ackAt < d.to));
    expect(falseAcks).toEqual([]);

    // Every acknowledged write is on both servers (the replica is caught up: it confirmed them).
    const idsOf = (file: string) => {
      const d = new SQLite(file, { readonly: true });
      try {
        return new Set((d.prepare('select id from job_notes where job_id = ?').all(jobId) as Array<{ id: string }>).map((r) => r.id));
      } finally {
        d.close();
      }
    };
    const onPrimary = idsOf(path.join(primaryDir, 'fieldkeep.sqlite'));
    const onReplica = idsOf(path.join(replicaDir, 'fieldkeep.sqlite'));
    const missingOnPrimary = acks.filter((a) => !onPrimary.has(a.noteId));
    const missingOnReplica = acks.filter((a) => !onReplica.has(a.noteId));
    expect({ missingOnPrimary, missingOnReplica }).toEqual({ missingOnPrimary: [], missingOnReplica: [] });
    expect(acks.length).toBeGreaterThan(CYCLES * 2);
    console.info(`fault test: ${CYCLES} cycles, ${acks.length} acknowledged writes, ${refusals.replicaUnavailable} replica_unavailable answers, ${refusals.connection} connection failures`);
  }, 480_000);

  it('promote drill: primary stopped, replica promoted, old primary restarted — it refuses writes and says why', async () => {
    const url = `http://127.0.0.1:${primaryPort}`;
    const office = async (base: string) => {
      const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'office@demo.test', password: PASSWORD }) });
      expect(r.status).toBe(200);
      return ((await r.json()) as { token: string }).token;
    };
    const addNote = async (base: string, bearer: string, jobId: string, text: string) =>
      fetch(`${base}/api/jobs/${jobId}/notes`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ text, clientVisible: false }) });
    const before = await office(url);
    const db = new SQLite(path.join(primaryDir, 'fieldkeep.sqlite'), { readonly: true });
    const jobId = (db.prepare('select id from jobs limit 1').get() as { id: string }).id;
    db.close();
    const acked = await addNote(url, before, jobId, 'Acknowledged before the primary was lost');
    expect(acked.status).toBe(201);

    await primary!.kill('SIGKILL');
    await replica!.kill('SIGTERM');
    const promoted = execFileSync(process.execPath, [BIN, 'promote'], { env: { ...process.env, FIELDKEEP_DATA_DIR: replicaDir, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    expect(promoted).toMatch(/epoch 2/);
    const next = await spawnFieldkeep('serve', { FIELDKEEP_DATA_DIR: replicaDir, PORT: String(replicaPort) });
    try {
      // The acknowledged note survived the loss of the primary.
      const nb = await office(next.url);
      const detail = await fetch(`${next.url}/api/jobs/${jobId}`, { headers: { authorization: `Bearer ${nb}` } });
      expect(JSON.stringify(await detail.json())).toContain('Acknowledged before the primary was lost');
      expect((await addNote(next.url, nb, jobId, 'On the new primary')).status).toBe(201);

      // The former primary comes back: it learns of epoch 2 and refuses writes, saying where to go.
      primary = await spawnFieldkeep('serve', primaryEnv());
      const deadline = Date.now() + 15_000;
      let refused: Response | undefined;
      for (;;) {
        const r = await addNote(url, before, jobId, 'Written to the old primary');
        if (r.status === 503) {
          refused = r;
          break;
        }
        expect(Date.now(), 'the former primary still takes writes').toBeLessThan(deadline);
        await new Promise((res) => setTimeout(res, 200));
      }
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('superseded');
      expect(body.error.message).toContain('epoch 2');
      // Stopped and started again, it still refuses (the fence is kept).
      await primary.kill('SIGTERM');
      primary = await spawnFieldkeep('serve', primaryEnv());
      expect((await addNote(url, before, jobId, 'Again')).status).toBe(503);
    } finally {
      await next.kill('SIGTERM');
      replica = undefined;
    }
  }, 120_000);
});
