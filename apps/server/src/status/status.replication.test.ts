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
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { freePort } from '../testing/smtp.js';
import { TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { ServerErrorLog } from './error-recorder.js';
import { itemOf, startStatusServer } from './status.fixtures.js';
import { buildStatus } from './status.service.js';

// Fault: under FIELDKEEP_ACK=replicated the replica stops. Replication turns red (writes cannot be
// acknowledged), amber in degraded mode, green once the replica is back and confirming. On the
// replica itself: the primary unreachable is amber, then red.

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function startReplica(primaryUrl: string, token: string, dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-status-replica-'))): Promise<RunningServer & { dataDir: string }> {
  const config = parseConfig({ FIELDKEEP_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  const r = await startServer(config, {
    replica: { primaryUrl, token, everyMs: undefined, name: 'office replica' },
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    officeDist: '/nonexistent',
    fieldDist: '/nonexistent',
  });
  return Object.assign(r, { dataDir });
}

for (const dialect of DIALECTS) {
  describe(`status page: replication (primary on ${dialect})`, () => {
    let p: TestServer;
    let t: BuiltTenant;
    let admin = '';
    let token = '';
    let replica: (RunningServer & { dataDir: string }) | undefined;
    const replication = () => itemOf(p, admin, 'replication');
    /** The replica has everything, and has told the primary so (by asking for what follows). */
    const caughtUp = async () => {
      const head = await headPosition(p.ctx.database.read);
      return (replica!.hub.state.replica?.cursor ?? -1) >= head && p.hub.maxConfirmed() >= head;
    };

    beforeAll(async () => {
      p = await startStatusServer(dialect, { label: 'status-repl', listen: true, env: { FIELDKEEP_ACK: 'replicated', FIELDKEEP_ACK_TIMEOUT_MS: '1500' } });
      t = await buildTenant(p);
      admin = await p.signIn(t.users.admin.login, TEST_PASSWORD);
      token = (await createReplicationToken(p.ctx.database.db, 'office', new Date().toISOString())).token;
    });
    afterAll(async () => {
      await replica?.close();
      await p?.stop();
      if (replica) fs.rmSync(replica.dataDir, { recursive: true, force: true });
    });

    it('is red while no replica has ever connected, green once one confirms', async () => {
      const before = await replication();
      expect(before.status).toBe('red');
      expect(before.summary).toMatch(/^No replica has ever connected, and every write waits for one/);

      replica = await startReplica(p.url, token);
      await until('the replica to catch up', caughtUp);
      const r = await replication();
      expect(r.status).toBe('green');
      expect(r.summary).toMatch(/^Every write waits for a replica; office replica is confirming/);
      expect(r.entries).toEqual([expect.objectContaining({ title: 'office replica', status: 'green', text: expect.stringMatching(/^Up to date; last seen/) })]);
      expect(r.details).toContainEqual({ label: 'Acknowledgement', value: expect.stringMatching(/^Replicated/) });
    });

    it('replica stopped: red (with what to do); degraded: amber; replica back and switched back: green', async () => {
      await replica!.close();
      p.clock.advance(2 * 60_000);
      const report = await p.call('GET', '/api/status', { token: admin });
      expect(report.json<{ status: string }>().status).toBe('red');
      let r = await replication();
      expect(r.status).toBe('red');
      expect(r.summary).toMatch(/^No replica has confirmed anything for 2 minutes/);
      expect(r.action).toEqual({ label: 'Degraded mode (docs/operations.md)', href: 'docs/operations.md#4-degraded-mode-operators-switch' });
      expect(r.entries[0]).toMatchObject({ status: 'red', title: 'office replica' });

      expect((await p.call('PUT', '/api/server/ack', { token: admin, body: { degraded: true } })).statusCode).toBe(200);
      r = await replication();
      expect(r.status).toBe('amber');
      expect(r.summary).toMatch(/^Degraded acknowledgement since just now/);
      expect(r.action).toEqual({ label: 'Open Replication', href: '/admin/replication' });

      replica = await startReplica(p.url, token, replica!.dataDir);
      await until('the replica to catch up', caughtUp);
      expect((await replication()).status).toBe('amber');
      await p.call('PUT', '/api/server/ack', { token: admin, body: { degraded: false } });
      r = await replication();
      expect(r.status).toBe('green');
    });

    it('gives monitoring the replicas with their lag, and the ack mode, in /metrics too', async () => {
      const res = await p.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/^fieldkeep_replica_lag_commits\{replica="office replica"\} \d+$/m);
      expect(res.body).toMatch(/^fieldkeep_ack_degraded 0$/m);
      expect(res.body).toMatch(/^fieldkeep_ack_replicated 1$/m);
      expect(res.body).toMatch(/^fieldkeep_status\{item="replication"\} 0$/m);
    });
  });
}

describe('status page on an office replica whose primary cannot be reached', () => {
  let replica: (RunningServer & { dataDir: string }) | undefined;
  afterAll(async () => {
    await replica?.close();
    if (replica) fs.rmSync(replica.dataDir, { recursive: true, force: true });
  });

  it('is amber at first, red after five minutes, and says since when and why', async () => {
    const port = await freePort();
    replica = await startReplica(`http://127.0.0.1:${port}`, 'fkr_token-of-a-primary-that-is-gone');
    const r = replica;
    await until('the replica to notice', () => Boolean(r.hub.state.replica?.unreachableSince));
    const judge = async (now: Date) =>
      (await buildStatus({ ctx: r.ctx, deps: { hub: r.hub }, errors: new ServerErrorLog(r.ctx), viewer: { kind: 'server' }, now })).report.items.find((i) => i.key === 'replication')!;
    const soon = await judge(new Date());
    expect(soon.status).toBe('amber');
    expect(soon.summary).toMatch(new RegExp(`^The primary \\(http://127\\.0\\.0\\.1:${port}\\) has not answered for`));
    expect(soon.details).toContainEqual({ label: 'Role', value: 'Office replica (read-only copy of the primary)' });
    const later = await judge(new Date(Date.now() + 6 * 60_000));
    expect(later.status).toBe('red');
    // A replica sends no mail: the backlog is the primary's business.
    const outbox = (await buildStatus({ ctx: r.ctx, deps: { hub: r.hub }, errors: new ServerErrorLog(r.ctx), viewer: { kind: 'server' }, now: new Date() })).report.items.find((i) => i.key === 'outbox');
    expect(outbox?.status).toBe('grey');
  });
});
