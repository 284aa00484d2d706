/**
 * The replication log does not grow for ever: commits older than FIELDKEEP_REPL_LOG_KEEP_DAYS that
 * every recently seen replica has confirmed are removed (the newest stays); a replica below what is
 * left gets 410 log_compacted and copies a snapshot instead — a new one, and one that was away too
 * long (rows deleted meanwhile go from it too) — then follows the log as before.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.js';
import { startServer, type RunningServer } from '../server.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite, buildWarning } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { dumpReplicatedTables } from '../testing/tables.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { compactReplicationLog, logFloor } from './compaction.js';
import { headPosition, readCommits } from './log.repository.js';
import { createReplicationToken } from './tokens.js';

const DAY = 86_400_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const dialect of DIALECTS) {
  describe(`replication log compaction and snapshot copy (primary on ${dialect})`, () => {
    let p: TestServer;
    let t: BuiltTenant;
    let office = '';
    let token = '';
    let siteId = '';
    const replicaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-compact-replica-'));
    let replica: RunningServer | undefined;

    const compact = () => compactReplicationLog(p.ctx, 1);
    const changes = (after: number) => fetch(`${p.url}/api/replication/changes?after=${after}`, { headers: { authorization: `Bearer ${token}` } });
    const startReplica = async () => {
      const config = parseConfig({ FIELDKEEP_DATA_DIR: replicaDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
      replica = await startServer(config, {
        replica: { primaryUrl: p.url, token, everyMs: undefined, name: 'compaction test replica' },
        log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        officeDist: '/nonexistent',
        fieldDist: '/nonexistent',
        startWorker: false,
      });
      const head = await headPosition(p.ctx.database.read);
      await until('the replica to catch up', () => (replica!.hub.state.replica?.cursor ?? -1) >= head);
    };

    beforeAll(async () => {
      p = await startTestServer(dialect, { label: 'compact', listen: true, env: { FIELDKEEP_REPL_LOG_KEEP_DAYS: '1' } });
      t = await buildTenant(p, { name: 'Compaction Heating' });
      office = await p.signIn(t.users.office.login, TEST_PASSWORD);
      token = (await createReplicationToken(p.ctx.database.db, 'compaction test', p.clock.now().toISOString())).token;
      siteId = (await buildSite(p, office, t.clientId, { name: 'Boiler house' })).id;
    }, 120_000);
    afterAll(async () => {
      await replica?.close();
      fs.rmSync(replicaDir, { recursive: true, force: true });
      await p?.stop();
    });

    it('keeps every commit younger than the retention, then removes the older ones; the rest reads as before', async () => {
      for (let i = 0; i < 5; i++) await buildJob(p, office, siteId, { description: `Day one job ${i}` });
      const dayOne = await headPosition(p.ctx.database.read);
      const first = await compact();
      expect(first).toMatchObject({ head: dayOne, from: 0, floor: 0, removedCommits: 0, heldBy: 'retention' });

      p.clock.advance(DAY + 1000);
      for (let i = 0; i < 3; i++) await buildJob(p, office, siteId, { description: `Day two job ${i}` });
      const head = await headPosition(p.ctx.database.read);
      const beforeAfterFloor = await readCommits(p.ctx.database, dayOne, 5000);
      const second = await compact();
      expect(second.floor).toBe(dayOne);
      expect(second.removedCommits).toBeGreaterThan(0);
      expect(await logFloor(p.ctx.database.read)).toBe(dayOne);

      // Only the floor's own commit number is left below the first kept commit, and none of the rows before it.
      const oldest = await p.ctx.database.read.selectFrom('repl_tx').select((eb) => eb.fn.min('position').as('p')).executeTakeFirst();
      expect(Number(oldest?.p)).toBe(dayOne);
      expect(await readCommits(p.ctx.database, dayOne, 5000)).toEqual(beforeAfterFloor);
      expect(beforeAfterFloor.at(-1)?.position).toBe(head);

      const refused = await changes(0);
      expect(refused.status).toBe(410);
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'log_compacted', message: expect.stringMatching(/snapshot/) as unknown });
      expect((await changes(dayOne)).status).toBe(200);
    });

    it('keeps what a replica seen within the retention has not confirmed; one away longer does not hold it', async () => {
      const confirmed = (await logFloor(p.ctx.database.read)) + 1;
      p.clock.advance(DAY + 1000);
      await buildJob(p, office, siteId, { description: 'Day three job' });
      const now = p.clock.now().toISOString();
      await p.ctx.database.db
        .insertInto('replica_peers')
        .values({ replica_id: 'pinning-replica', name: 'Leeds office', url: null, confirmed_position: confirmed, epoch: 1, first_seen_at: now, last_seen_at: now })
        .execute();
      const held = await compact();
      expect(held).toMatchObject({ floor: confirmed, heldBy: 'replica Leeds office' });

      p.clock.advance(DAY + 1000);
      await buildJob(p, office, siteId, { description: 'Day four job' });
      const released = await compact();
      expect(released.floor).toBeGreaterThan(confirmed);
      await p.ctx.database.db.deleteFrom('replica_peers').where('replica_id', '=', 'pinning-replica').execute();
    });

    it('a new replica copies a snapshot, blobs first, then follows the log', async () => {
      const photo = Buffer.from(`compaction photo ${dialect} ${Date.now()}`);
      const up = await p.app.inject({ method: 'PUT', url: `/api/blobs/${sha(photo)}`, headers: { authorization: `Bearer ${office}`, 'content-type': 'image/jpeg' }, payload: photo });
      expect(up.statusCode, up.body).toBeLessThan(300);
      await buildJob(p, office, siteId, { description: 'Before the replica' });
      // A day after the last write, everything but the newest commit goes.
      await compact();
      p.clock.advance(DAY + 1000);
      const c = await compact();
      expect(c).toMatchObject({ floor: c.head - 1, heldBy: 'head' });
      expect((await changes(0)).status).toBe(410);

      await startReplica();
      expect(await dumpReplicatedTables(replica!.ctx.database)).toEqual(await dumpReplicatedTables(p.ctx.database));
      expect(fs.readFileSync(path.join(replicaDir, 'blobs', sha(photo).slice(0, 2), sha(photo)))).toEqual(photo);

      // …and then follows the log as any replica.
      await buildJob(p, office, siteId, { description: 'After the snapshot' });
      const head = await headPosition(p.ctx.database.read);
      await until('the replica to follow on', () => (replica!.hub.state.replica?.cursor ?? -1) >= head);
      expect(await dumpReplicatedTables(replica!.ctx.database)).toEqual(await dumpReplicatedTables(p.ctx.database));
    });

    it('a replica away longer than the retention copies again, and what was deleted meanwhile goes from it too', async () => {
      const warning = await buildWarning(p, office, siteId, 'attend_in_pairs');
      const head = await headPosition(p.ctx.database.read);
      await until('the replica to have the warning', () => (replica!.hub.state.replica?.cursor ?? -1) >= head);
      const cursor = replica!.hub.state.replica!.cursor;
      await replica!.close();
      replica = undefined;

      await p.ctx.database.db.deleteFrom('warnings').where('id', '=', warning.id).execute();
      await buildJob(p, office, siteId, { description: 'While the replica was away' });
      await compact();
      p.clock.advance(2 * DAY);
      await buildJob(p, office, siteId, { description: 'Two days later' });
      const c = await compact();
      // Below the floor: the log cannot bring this replica up to date, only a snapshot can.
      expect(cursor).toBeLessThan(c.floor);
      await startReplica();
      const copy = await dumpReplicatedTables(replica!.ctx.database);
      expect(copy).toEqual(await dumpReplicatedTables(p.ctx.database));
      expect(copy.warnings!.some((w) => w.includes(warning.id))).toBe(false);
    });
  });
}
