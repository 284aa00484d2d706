/**
 * The outage drill on an office replica, against a real primary (in-process, listening) and a real
 * replica following it over HTTP, with a real SMTP server: nothing is declared while the primary
 * answers; once it has been unreachable for FIELDKEEP_OUTAGE_AFTER_MIN (on the replica's clock) the
 * replica says so, shows the procedure, pack and script, and emails staff — once per outage unless
 * asked again, with each recipient's outcome kept on the replica only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TOutage, TOutageNotice, TServerState } from '@fieldkeep/domain';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { parseConfig } from '../config/config.js';
import { withWriteTx } from '../db/write.js';
import { headPosition } from '../replication/log.repository.js';
import { createReplicationToken } from '../replication/tokens.js';
import { startServer, type RunningServer } from '../server.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startSmtpCapture, type SmtpCapture } from '../testing/smtp.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { createUserInTx } from '../users/users.service.js';

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const MIN = 60_000;

describe('outage drill on an office replica', () => {
  let p: TestServer;
  let t: BuiltTenant;
  let smtp: SmtpCapture;
  let replica: RunningServer | undefined;
  let replicaDir = '';
  const clock = new ManualClock(new Date('2026-11-23T10:00:00.000Z'));
  const tokens: Record<string, string> = {};

  const call = async <T,>(method: 'GET' | 'POST', url: string, who: string, body?: unknown) => {
    const res = await replica!.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: res.json<T & { error?: { code: string; message: string } }>() };
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    p = await startTestServer('sqlite', { label: 'outage', listen: true });
    t = await buildTenant(p, { name: 'Harbour Heating Ltd' });
    // An engineer with a sign-in name but no email: the office must phone them.
    await withWriteTx(p.ctx.database, p.ctx.clock, (tx) =>
      createUserInTx(tx, undefined, { tenantId: t.tenant.id, actor: null, input: { name: 'Pat No-Email', login: 'pat.noemail', role: 'engineer', sendInvitation: false, password: TEST_PASSWORD }, passwordHash: null }),
    );
    const office = await p.signIn(t.users.office.login, TEST_PASSWORD);
    const made = await p.call('POST', '/api/pack', { token: office });
    expect(made.statusCode, made.body).toBe(201);

    const token = (await createReplicationToken(p.ctx.database.db, 'outage test', new Date().toISOString())).token;
    replicaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-outage-replica-'));
    const config = parseConfig({ FIELDKEEP_DATA_DIR: replicaDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SMTP_URL: smtp.url, FIELDKEEP_PUBLIC_URL: 'http://office-replica.test' });
    replica = await startServer(config, {
      clock,
      replica: { primaryUrl: p.url, token, everyMs: undefined, name: 'outage test replica' },
      log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      officeDist: '/nonexistent',
      fieldDist: '/nonexistent',
    });
    const head = await headPosition(p.ctx.database.read);
    await until('the replica to catch up', () => (replica!.hub.state.replica?.cursor ?? -1) >= head);
    for (const role of ['admin', 'office', 'engineer', 'client'] as const) {
      const res = await replica.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: { email: t.users[role].login, password: TEST_PASSWORD } });
      expect(res.statusCode, res.body).toBe(200);
      tokens[role] = res.json<{ token: string }>().token;
    }
  }, 120_000);

  afterAll(async () => {
    await replica?.close();
    fs.rmSync(replicaDir, { recursive: true, force: true });
    await p?.stop();
    await smtp?.close();
  });

  it('declares nothing and emails nobody while the primary answers', async () => {
    const state = await call<TServerState>('GET', '/api/server/state', 'office');
    expect(state.body.replica).toMatchObject({ unreachableSince: null, outageAfterMinutes: 30, outageDeclaredAt: null });
    const outage = await call<TOutage>('GET', '/api/outage', 'office');
    expect(outage.status).toBe(200);
    expect(outage.body).toMatchObject({ role: 'replica', afterMinutes: 30, unreachableSince: null, declaredAt: null, mail: 'smtp' });
    const refused = await call('POST', '/api/outage/notify', 'office', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('conflict');
    expect(refused.body.error?.message).toMatch(/primary answers/);
    expect(smtp.received).toHaveLength(0);
  });

  it('declares the outage once the primary has been unreachable for 30 minutes of the replica’s clock', async () => {
    await p.app.close();
    await until('the replica to notice the primary is gone', () => Boolean(replica!.hub.state.replica?.unreachableSince));
    const since = replica!.hub.state.replica!.unreachableSince!;
    expect(since).toBe(clock.now().toISOString());

    clock.advance(29 * MIN + 59_000);
    expect((await call<TServerState>('GET', '/api/server/state', 'office')).body.replica?.outageDeclaredAt).toBeNull();
    expect((await call<TOutage>('GET', '/api/outage', 'office')).body.declaredAt).toBeNull();

    clock.advance(1000);
    const declared = new Date(Date.parse(since) + 30 * MIN).toISOString();
    expect((await call<TServerState>('GET', '/api/server/state', 'engineer')).body.replica?.outageDeclaredAt).toBe(declared);
    const outage = (await call<TOutage>('GET', '/api/outage', 'office')).body;
    expect(outage.declaredAt).toBe(declared);
    expect(outage.unreachableSince).toBe(since);
    expect(outage.procedure.map((s) => s.title)).toEqual([
      'Tell everyone',
      'Answer calls with the customer script',
      'Work from the fallback pack',
      'Engineers keep using the phone app',
      'Look things up on this replica',
      'Keep all the paper together',
      'When the system is back',
    ]);
    expect(outage.customerScript).toContain('Harbour Heating Ltd, how can I help?');
    expect(outage.customerScript).not.toContain('{company}');
    expect(outage.backUpChecklist).toMatch(/^When the system is back:/);
    // The pack the primary made, held on the replica: the page links it.
    expect(outage.latestPack?.fileName).toMatch(/\.zip$/);
    const zip = await replica!.app.inject({ method: 'GET', url: '/api/pack/latest', headers: { authorization: `Bearer ${tokens.office}` } });
    expect(zip.statusCode).toBe(200);
    expect(outage.staff.map((s) => s.name).sort()).toEqual(['Pat No-Email', 'admin of ' + t.tenant.slug, 'engineer of ' + t.tenant.slug, 'office of ' + t.tenant.slug].sort());
  });

  it('emails every member of staff with an address — not client users — and lists who must be phoned', async () => {
    const res = await call<TOutageNotice>('POST', '/api/outage/notify', 'office', { note: 'Van 3 has the spare printed packs.' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const notice = res.body;
    expect(notice.transport).toBe('smtp');
    expect(notice.note).toBe('Van 3 has the spare printed packs.');
    expect(notice.byName).toBe(`office of ${t.tenant.slug}`);
    const outcome = Object.fromEntries(notice.recipients.map((r) => [r.name, r.outcome]));
    expect(outcome).toEqual({
      'Pat No-Email': 'no_email',
      [`admin of ${t.tenant.slug}`]: 'sent',
      [`engineer of ${t.tenant.slug}`]: 'sent',
      [`office of ${t.tenant.slug}`]: 'sent',
    });
    expect(smtp.received.flatMap((m) => m.rcptTo).sort()).toEqual([`admin@${t.tenant.slug}.test`, `engineer@${t.tenant.slug}.test`, `office@${t.tenant.slug}.test`]);
    const toEngineer = smtp.received.find((m) => m.rcptTo.includes(`engineer@${t.tenant.slug}.test`))!;
    expect(toEngineer.text).toContain('Van 3 has the spare printed packs.');
    expect(toEngineer.text).toContain('Harbour Heating Ltd');
    // Engineers read their part first; the office's names the replica's outage page.
    expect(toEngineer.text.indexOf('Engineers: keep using the phone app')).toBeLessThan(toEngineer.text.indexOf('Office: answer calls'));
    expect(toEngineer.text).toContain('http://office-replica.test/outage');
    const toOffice = smtp.received.find((m) => m.rcptTo.includes(`office@${t.tenant.slug}.test`))!;
    expect(toOffice.text.indexOf('Office: answer calls')).toBeLessThan(toOffice.text.indexOf('Engineers: keep using the phone app'));
    // Times in the tenant's zone (Europe/London: 10:00 UTC is 10:00 in November).
    expect(toOffice.text).toMatch(/has not answered since Monday 23 November(,| at) 10:00/);

    const listed = (await call<TOutage>('GET', '/api/outage', 'admin')).body.notices;
    expect(listed.map((n) => n.id)).toEqual([notice.id]);
    // Kept on the replica alone: the table is local, never in the replication log.
    expect(await replica!.ctx.database.read.selectFrom('repl_log').select('seq').where('tbl', '=', 'outage_notices').execute()).toEqual([]);
  });

  it('asks before emailing everyone again about the same outage', async () => {
    const before = smtp.received.length;
    const refused = await call('POST', '/api/outage/notify', 'admin', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/already emailed about this outage/);
    expect(smtp.received).toHaveLength(before);
    const again = await call<TOutageNotice>('POST', '/api/outage/notify', 'admin', { again: true });
    expect(again.status).toBe(201);
    expect(smtp.received).toHaveLength(before + 3);
    expect((await call<TOutage>('GET', '/api/outage', 'office')).body.notices).toHaveLength(2);
  });

  it('records refusals and an unreachable mail server per person, without trying the rest in vain', async () => {
    smtp.refuse(550);
    const refused = await call<TOutageNotice>('POST', '/api/outage/notify', 'office', { again: true });
    expect(refused.status).toBe(201);
    const failed = refused.body.recipients.filter((r) => r.outcome === 'failed');
    expect(failed).toHaveLength(3);
    for (const f of failed) expect(f.error).toMatch(/Mailbox unavailable/);
    smtp.accept();

    await smtp.close();
    const down = await call<TOutageNotice>('POST', '/api/outage/notify', 'office', { again: true });
    expect(down.status).toBe(201);
    const errors = down.body.recipients.filter((r) => r.outcome === 'failed').map((r) => r.error ?? '');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/ECONNREFUSED|connect/i);
    expect(errors.slice(1).every((e) => e.startsWith('Not tried: the mail server could not be reached'))).toBe(true);
  });

  it('is for office staff: engineers and client users are refused, bad bodies too', async () => {
    expect((await call('GET', '/api/outage', 'engineer')).status).toBe(403);
    expect((await call('POST', '/api/outage/notify', 'client', {})).status).toBe(403);
    const bad = await call('POST', '/api/outage/notify', 'office', { note: 'x'.repeat(2001), again: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('validation_failed');
    const unknown = await call('POST', '/api/outage/notify', 'office', { to: 'everyone' });
    expect(unknown.status).toBe(400);
  });

  it('is nothing to do on a primary', async () => {
    const fresh = await startTestServer('sqlite', { label: 'outage-primary' });
    try {
      const b = await buildTenant(fresh);
      const office = await fresh.signIn(b.users.office.login, TEST_PASSWORD);
      const state = await fresh.call('GET', '/api/outage', { token: office });
      expect(state.json<TOutage>()).toMatchObject({ role: 'primary', declaredAt: null, unreachableSince: null });
      const refused = await fresh.call('POST', '/api/outage/notify', { token: office, body: {} });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/This server is the primary/);
    } finally {
      await fresh.stop();
    }
  });
});
