import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { replicatedTables } from '../db/replication-schema.js';
import { dumpReplicatedTables } from '../testing/tables.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { startServer, type RunningServer } from '../server.js';
import { headPosition } from './log.repository.js';
import { promote } from './lifecycle.js';
import { createReplicationToken } from './tokens.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startReplica(
  primaryUrl: string,
  token: string,
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-replica-')),
  everyMs?: number,
): Promise<RunningServer & { dataDir: string }> {
  const config = parseConfig({ FIELDKEEP_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const r = await startServer(config, {
    replica: { primaryUrl, token, everyMs, name: 'test replica' },
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    officeDist: '/nonexistent',
    fieldDist: '/nonexistent',
  });
  return Object.assign(r, { dataDir });
}

for (const dialect of DIALECTS) {
  describe(`replication to an office replica (primary on ${dialect})`, () => {
    let p: TestServer;
    let t: BuiltTenant;
    let office = '';
    let admin = '';
    let token = '';
    let replica: (RunningServer & { dataDir: string }) | undefined;
    let siteId = '';

    const replicaCaughtUp = async () => (replica!.hub.state.replica?.cursor ?? -1) >= (await headPosition(p.ctx.database.read));

    beforeAll(async () => {
      p = await startTestServer(dialect, { label: 'repl', listen: true, env: { FIELDKEEP_ACK: 'replicated', FIELDKEEP_ACK_TIMEOUT_MS: '1500' } });
      t = await buildTenant(p);
      office = await p.signIn(t.users.office.login, TEST_PASSWORD);
      admin = await p.signIn(t.users.admin.login, TEST_PASSWORD);
      token = (await createReplicationToken(p.ctx.database.db, 'test', new Date().toISOString())).token;
      replica = await startReplica(p.url, token);
      await until('the replica to catch up', replicaCaughtUp);
      siteId = (await buildSite(p, office, t.clientId)).id;
    });
    afterAll(async () => {
      await replica?.close();
      await p?.stop();
    });

    it('mirrors every table and every blob; an acknowledged write is already on the replica', async () => {
      const job = await buildJob(p, office, siteId);
      const photo = Buffer.from(`photo ${Math.random()}`);
      const up = await p.app.inject({ method: 'PUT', url: `/api/blobs/${sha(photo)}`, headers: { authorization: `Bearer ${office}`, 'content-type': 'image/jpeg' }, payload: photo });
      expect(up.statusCode).toBe(201);
      const note = await p.call('POST', `/api/jobs/${job.id}/notes`, { token: office, body: { text: 'Acknowledged only once replicated', clientVisible: false } });
      expect(note.statusCode).toBe(201);
      // Acknowledged: so it is on the replica now, without waiting.
      const onReplica = await replica!.ctx.database.read.selectFrom('job_notes').select('text').where('job_id', '=', job.id).execute();
      expect(onReplica.map((n) => n.text)).toContain('Acknowledged only once replicated');
      expect(fs.readFileSync(path.join(replica!.dataDir, 'blobs', sha(photo).slice(0, 2), sha(photo)))).toEqual(photo);

      await until('the replica to catch up', replicaCaughtUp);
      const [a, b] = [await dumpReplicatedTables(p.ctx.database), await dumpReplicatedTables(replica!.ctx.database)];
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const table of Object.keys(a)) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });
    });

    it('follows on a schedule with --every: caught up after the next round, without a long-poll', async () => {
      const scheduled = await startReplica(p.url, token, undefined, 1000);
      try {
        const job = await buildJob(p, admin, siteId);
        await until('the scheduled replica to have the job', async () => Boolean(await scheduled.ctx.database.read.selectFrom('jobs').select('id').where('id', '=', job.id).executeTakeFirst()));
      } finally {
        await scheduled.close();
      }
    });

    it('lets the admin of a single-company server make and revoke replication tokens; a revoked token reads nothing', async () => {
      expect((await p.call('POST', '/api/server/replication-tokens', { token: office, body: { name: 'x' } })).statusCode).toBe(403);
      const made = await p.call('POST', '/api/server/replication-tokens', { token: admin, body: { name: 'Leeds office' } });
      expect(made.statusCode, made.body).toBe(201);
      const { id, token: secret } = made.json<{ id: string; token: string }>();
      expect(secret).toMatch(/^fkr_/);
      const read = () => p.app.inject({ method: 'GET', url: '/api/replication/changes?after=0&max=1', headers: { authorization: `Bearer ${secret}` } });
      expect((await read()).statusCode).toBe(200);
      const list = await p.call('GET', '/api/server/replication-tokens', { token: admin });
      expect(list.json<{ tokens: Array<{ id: string; name: string }> }>().tokens.map((x) => x.name)).toContain('Leeds office');
      expect(JSON.stringify(list.json())).not.toContain(secret);
      expect((await p.call('POST', `/api/server/replication-tokens/${id}/revoke`, { token: admin, body: {} })).statusCode).toBe(200);
      expect((await read()).statusCode).toBe(401);
      // A second company on the server: tokens are the operator's business then.
      await buildTenant(p);
      expect((await p.call('GET', '/api/server/replication-tokens', { token: admin })).statusCode).toBe(403);
    });

    it('captures every column of every table (a migration that forgets the triggers fails here)', async () => {
      const tables = await replicatedTables(p.ctx.database.db);
      expect(tables.map((x) => x.name)).toEqual(expect.arrayContaining(['jobs', 'job_notes', 'blobs', 'users', 'change_log', 'sync_clients']));
      for (const x of tables) {
        if (dialect === 'sqlite') {
          const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = ${x.name}`.execute(p.ctx.database.db);
          expect(triggers.rows.map((r) => r.name).sort(), x.name).toEqual([`repl_${x.name}_del`, `repl_${x.name}_ins`, `repl_${x.name}_upd`]);
          for (const c of x.columns) expect(triggers.rows.find((r) => r.name.endsWith('_ins'))!.sql, `${x.name}.${c}`).toContain(`'${c}', NEW."${c}"`);
        } else {
          const trg = await sql<{ n: number }>`select count(*)::int as n from pg_trigger tg join pg_class c on c.oid = tg.tgrelid
            where c.relname = ${x.name} and c.relnamespace = current_schema()::regnamespace and tg.tgname = 'repl_capture'`.execute(p.ctx.database.db);
          expect(trg.rows[0]!.n, x.name).toBe(1);
        }
      }
    });

    it('refuses writes on the replica but lets office staff queue notes for the primary', async () => {
      const job = await buildJob(p, office, siteId);
      await until('the replica to catch up', replicaCaughtUp);
      const rOffice = await signInAt(replica!, t.users.office.login);
      const refused = await replica!.app.inject({ method: 'POST', url: `/api/jobs/${job.id}/notes`, headers: { authorization: `Bearer ${rOffice}`, 'content-type': 'application/json' }, payload: { text: 'x', clientVisible: false } });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('read_only_replica');

      const noteId = '01a20000-0000-7000-8000-000000000001'.replace('0001', Math.floor(Math.random() * 9000 + 1000).toString());
      const queued = await replica!.app.inject({
        method: 'POST',
        url: '/api/replica/queue',
        headers: { authorization: `Bearer ${rOffice}`, 'content-type': 'application/json' },
        payload: { name: 'jobNote.add', args: { id: noteId, jobId: job.id, text: 'Taken by phone during the outage', at: '2026-11-23T10:00:00Z' }, summary: 'Note on the job' },
      });
      expect(queued.statusCode, queued.body).toBe(201);
      const bad = await replica!.app.inject({
        method: 'POST',
        url: '/api/replica/queue',
        headers: { authorization: `Bearer ${rOffice}`, 'content-type': 'application/json' },
        payload: { name: 'jobNote.add', args: { id: noteId, jobId: job.id, text: '' }, summary: 'Empty' },
      });
      expect(bad.statusCode).toBe(400);
      // Pushed through the primary's normal rules once the replica has caught up.
      await until('the queued note to reach the primary', async () => {
        const n = await p.ctx.database.read.selectFrom('job_notes').select('text').where('id', '=', noteId).executeTakeFirst();
        return n?.text === 'Taken by phone during the outage';
      });
      await until('the queue to show it applied', async () => {
        const list = await replica!.app.inject({ method: 'GET', url: '/api/replica/queue', headers: { authorization: `Bearer ${rOffice}` } });
        return list.json<{ items: Array<{ state: string }> }>().items[0]?.state === 'applied';
      });
      const state = await replica!.app.inject({ method: 'GET', url: '/api/server/state', headers: { authorization: `Bearer ${rOffice}` } });
      expect(state.json()).toMatchObject({ role: 'replica', replica: { primaryUrl: p.url, unreachableSince: null } });
    });

    it('answers replica_unavailable while no replica confirms, acknowledges locally in degraded mode, and catches up after', async () => {
      const job = await buildJob(p, office, siteId);
      await replica!.close();
      const refused = await p.call('POST', `/api/jobs/${job.id}/notes`, { token: office, body: { text: 'Written while the replica is down', clientVisible: false } });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('replica_unavailable');
      expect(refused.headers['retry-after']).toBe('5');

      const switched = await p.call('PUT', '/api/server/ack', { token: admin, body: { degraded: true } });
      expect(switched.json()).toEqual({ ack: 'degraded' });
      expect((await p.call('GET', '/api/server/state', { token: office })).json()).toMatchObject({ ack: 'degraded', degraded: { by: t.users.admin.login } });
      const local = await p.call('POST', `/api/jobs/${job.id}/notes`, { token: office, body: { text: 'Degraded: acknowledged locally', clientVisible: false } });
      expect(local.statusCode).toBe(201);
      expect((await p.call('PUT', '/api/server/ack', { token: office, body: { degraded: false } })).statusCode).toBe(403);
      await p.call('PUT', '/api/server/ack', { token: admin, body: { degraded: false } });

      // The replica comes back on its own data dir and receives what it missed.
      replica = await startReplica(p.url, token, replica!.dataDir);
      await until('the replica to catch up', replicaCaughtUp);
      const texts = (await replica.ctx.database.read.selectFrom('job_notes').select('text').where('job_id', '=', job.id).execute()).map((n) => n.text);
      expect(texts).toEqual(expect.arrayContaining(['Written while the replica is down', 'Degraded: acknowledged locally']));
      const ok = await p.call('POST', `/api/jobs/${job.id}/notes`, { token: office, body: { text: 'Replicated again', clientVisible: false } });
      expect(ok.statusCode).toBe(201);
    });

    it('promote: the replica becomes primary with a higher epoch and the former primary refuses writes', async () => {
      const dir = replica!.dataDir;
      await until('the replica to catch up', replicaCaughtUp);
      await replica!.close();
      const promoted = await promote(await openAt(dir), new Date().toISOString());
      expect(promoted.epoch).toBe(2);
      const config = parseConfig({ FIELDKEEP_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
      const next = await startServer(config, { log: pino({ level: 'silent' }), officeDist: '/nonexistent', fieldDist: '/nonexistent', startWorker: false });
      try {
        await until('the former primary to hear of epoch 2', () => p.hub.state.superseded !== null);
        const refused = await p.call('POST', `/api/jobs`, { token: office, body: { siteId, description: 'After the promote', jobType: 'repair' } });
        expect(refused.statusCode).toBe(503);
        expect(refused.json().error).toMatchObject({ code: 'superseded' });
        expect(refused.json().error.message).toContain('epoch 2');
        // The new primary takes writes.
        const nOffice = await signInAt(next, t.users.office.login);
        const made = await next.app.inject({ method: 'POST', url: '/api/jobs', headers: { authorization: `Bearer ${nOffice}`, 'content-type': 'application/json' }, payload: { siteId, description: 'On the new primary', jobType: 'repair' } });
        expect(made.statusCode, made.body).toBe(201);
      } finally {
        await next.close();
        replica = undefined;
      }
    });
  });
}

async function signInAt(s: RunningServer, login: string): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: { email: login, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}

async function openAt(dataDir: string): Promise<Database> {
  const { openDatabase } = await import('../db/database.js');
  return openDatabase({ databaseUrl: undefined, dataDir });
}
