import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { headPosition } from '../replication/log.repository.js';
import { createReplicationToken } from '../replication/tokens.js';
import { startServer, type RunningServer } from '../server.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite, buildWarning } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { runAllTenants } from './pack.schedule.js';
import type { TPack } from './pack.schemas.js';


const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function signInAt(s: RunningServer, login: string): Promise<string> {
  const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: { email: login, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}

for (const dialect of DIALECTS) {
  describe(`fallback pack on an office replica (primary on ${dialect})`, () => {
    let p: TestServer;
    let t: BuiltTenant;
    let replica: (RunningServer & { dataDir: string }) | undefined;
    let pack: TPack;
    let zip: Buffer;

    beforeAll(async () => {
      p = await startTestServer(dialect, { label: 'pack-repl', listen: true });
      t = await buildTenant(p, { name: 'Replica Plumbing Ltd' });
      const office = await p.signIn(t.users.office.login, TEST_PASSWORD);
      const site = await buildSite(p, office, t.clientId, { name: 'Tower block, flat 9' });
      await buildWarning(p, office, site.id, 'attend_in_pairs');
      await buildJob(p, office, site.id, { priority: 'emergency', targetDate: '2026-11-23' });
      const made = await p.call('POST', '/api/pack', { token: office });
      expect(made.statusCode, made.body).toBe(201);
      pack = made.json<{ pack: TPack }>().pack;
      zip = (await p.call('GET', '/api/pack/latest', { token: office })).rawPayload;

      const token = (await createReplicationToken(p.ctx.database.db, 'test', new Date().toISOString())).token;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-pack-replica-'));
      const config = parseConfig({ FIELDKEEP_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
      const r = await startServer(config, {
        replica: { primaryUrl: p.url, token, everyMs: undefined, name: 'pack test replica' },
        log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        officeDist: '/nonexistent',
        fieldDist: '/nonexistent',
      });
      replica = Object.assign(r, { dataDir });
      const head = await headPosition(p.ctx.database.read);
      await until('the replica to catch up', () => (replica!.hub.state.replica?.cursor ?? -1) >= head);
    }, 120_000);
    afterAll(async () => {
      await replica?.close();
      if (replica) fs.rmSync(replica.dataDir, { recursive: true, force: true });
      await p?.stop();
    });

    it('serves the newest pack from its own copy while the primary is down, byte for byte', async () => {
      expect(sha(zip)).toBe(pack.sha256);
      const rOffice = await signInAt(replica!, t.users.office.login);
      // The primary goes away: the replica still answers from its mirror.
      await p.app.close();
      const latest = await replica!.app.inject({ method: 'GET', url: '/api/pack/latest', headers: { authorization: `Bearer ${rOffice}` } });
      expect(latest.statusCode, latest.body.slice(0, 200)).toBe(200);
      expect(latest.headers['content-disposition']).toContain(pack.fileName);
      expect(sha(latest.rawPayload)).toBe(pack.sha256);
      const list = await replica!.app.inject({ method: 'GET', url: '/api/pack', headers: { authorization: `Bearer ${rOffice}` } });
      expect(list.json<{ packs: TPack[] }>().packs.map((x) => x.id)).toEqual([pack.id]);

      // Making a pack is the primary's job: the replica refuses, and its schedule makes none.
      const refused = await replica!.app.inject({ method: 'POST', url: '/api/pack', headers: { authorization: `Bearer ${rOffice}` } });
      expect(refused.statusCode).toBe(503);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('read_only_replica');
      expect(await runAllTenants(replica!.ctx)).toEqual([]);
    });
  });
}
