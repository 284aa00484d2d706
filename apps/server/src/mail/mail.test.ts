import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TMessage } from '@fieldkeep/domain';
import { withWriteTx } from '../db/write.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { freePort, parseMail, startSmtpCapture, tokenFromLink, type SmtpCapture } from '../testing/smtp.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { queueEmail } from './mail.service.js';
import { EMAIL_MAX_ATTEMPTS, leaseDue } from './outbox.repository.js';

const SECOND = 1000;
let seq = 0;
const uniqueEmail = (what: string) => `${what}.${++seq}.${Math.random().toString(36).slice(2, 7)}@example.test`;

/** What an admin sees on the Mail page and does there. */
function mailPage(s: TestServer, adminToken: () => string) {
  const list = async (status?: string): Promise<TMessage[]> => {
    const res = await s.call('GET', `/api/messages${status ? `?status=${status}` : ''}`, { token: adminToken() });
    expect(res.statusCode).toBe(200);
    return (res.json() as { messages: TMessage[] }).messages;
  };
  return {
    list,
    to: async (email: string) => (await list()).filter((m) => m.to === email),
    one: async (email: string) => {
      const ms = (await list()).filter((m) => m.to === email);
      expect(ms).toHaveLength(1);
      return ms[0]!;
    },
    /** Adds an office user by email only, which queues their invitation. */
    invite: async (email: string) => {
      const res = await s.call('POST', '/api/users', { token: adminToken(), body: { name: 'New Starter', email, role: 'office' } });
      expect(res.statusCode).toBe(201);
    },
  };
}

const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`email outbox over real SMTP (${dialect})`, () => {
    let smtp: SmtpCapture;
    let s: TestServer;
    let t: BuiltTenant;
    let admin = '';
    let page: ReturnType<typeof mailPage>;
    const inbox = (email: string) => smtp.received.filter((m) => m.rcptTo.includes(email));

    beforeAll(async () => {
      smtp = await startSmtpCapture();
      s = await startTestServer(dialect, { label: 'mail', env: { SMTP_URL: smtp.url } });
      t = await buildTenant(s);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      page = mailPage(s, () => admin);
    });
    afterAll(async () => {
      await s?.stop();
      await smtp?.close();
    });
    afterEach(() => smtp.accept());

    it('queues an email only when its cause commits', async () => {
      // A refused request (sign-in name taken) leaves nothing queued.
      const taken = await s.call('POST', '/api/users', { token: admin, body: { name: 'Twin', email: t.users.office.login, role: 'office' } });
      expect(taken.statusCode).toBe(409);
      expect(await page.to(t.users.office.login)).toEqual([]);

      // An email queued inside a write that then fails is rolled back with it.
      const lost = uniqueEmail('rolled-back');
      await expect(
        withWriteTx(s.ctx.database, s.clock, async (tx) => {
          await queueEmail(tx, { tenantId: t.tenant.id, to: lost, subject: 'Never sent', text: 'x' });
          throw new Error('the cause failed');
        }),
      ).rejects.toThrow('the cause failed');
      expect(await page.to(lost)).toEqual([]);

      // A user added with an email and no password gets exactly one invitation.
      const email = uniqueEmail('invitee');
      await page.invite(email);
      const m = await page.one(email);
      expect(m).toMatchObject({ status: 'pending', attempts: 0, subject: `You are invited to ${t.tenant.name} on Fieldkeep` });
      await s.worker.runOnce();
    });

    it('sends through the SMTP server: right recipient, subject and link; shown as sent by smtp', async () => {
      const email = uniqueEmail('welcome');
      await page.invite(email);
      await s.worker.runOnce();

      const got = inbox(email);
      expect(got).toHaveLength(1);
      expect(got[0]!.headers.to).toBe(email);
      expect(got[0]!.headers.from).toBe('Fieldkeep <no-reply@fieldkeep.invalid>');
      expect(got[0]!.subject).toBe(`You are invited to ${t.tenant.name} on Fieldkeep`);
      expect(got[0]!.text).toMatch(/http:\/\/fieldkeep\.test\/accept-invitation\?token=[\w-]{20,}/);
      const m = await page.one(email);
      expect(got[0]!.headers['message-id']).toBe(`<${m.id}@fieldkeep>`);
      expect(m).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1, lastError: null, nextAttemptAt: null });
      expect(m.sentAt).toBe(s.clock.now().toISOString());
      expect((await page.list('sent')).some((x) => x.id === m.id)).toBe(true);

      // Sent once: a later pass does not send it again.
      await s.worker.runOnce();
      expect(inbox(email)).toHaveLength(1);
    });

    it('retries a temporary refusal (451) with backoff from 30 s, doubling, and sends once the server recovers', async () => {
      const email = uniqueEmail('later');
      smtp.refuse(451, 'rcpt');
      await page.invite(email);
      await s.worker.runOnce();
      let m = await page.one(email);
      const firstFailure = s.clock.now().toISOString();
      expect(m).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: later(firstFailure, 30 * SECOND) });
      expect(m.lastError).toContain('451');
      const refusedSoFar = smtp.refused;

      // Not tried again before its time.
      await s.worker.runOnce();
      s.clock.advance(29 * SECOND);
      await s.worker.runOnce();
      expect(smtp.refused).toBe(refusedSoFar);
      expect((await page.one(email)).attempts).toBe(1);

      // At its time it is tried again, and the wait doubles.
      s.clock.advance(1 * SECOND);
      await s.worker.runOnce();
      m = await page.one(email);
      expect(m).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: later(s.clock.now().toISOString(), 60 * SECOND) });

      smtp.accept();
      s.clock.advance(60 * SECOND);
      await s.worker.runOnce();
      expect(await page.one(email)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
      expect(inbox(email)).toHaveLength(1);
    });

    it(`gives up after ${EMAIL_MAX_ATTEMPTS} temporary failures and keeps the message, listed as failed with its last error`, async () => {
      const email = uniqueEmail('never');
      smtp.refuse(451, 'data');
      await page.invite(email);
      const waits: number[] = [];
      for (let attempt = 1; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
        await s.worker.runOnce();
        const m = await page.one(email);
        expect(m.attempts).toBe(attempt);
        if (attempt < EMAIL_MAX_ATTEMPTS) {
          expect(m.status).toBe('pending');
          const wait = Date.parse(m.nextAttemptAt!) - s.clock.now().getTime();
          waits.push(wait);
          s.clock.advance(wait);
        }
      }
      expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920].map((sec) => sec * SECOND));

      const failed = await page.list('failed');
      const m = failed.find((x) => x.to === email);
      expect(m).toMatchObject({ status: 'failed', attempts: EMAIL_MAX_ATTEMPTS, nextAttemptAt: null, sentAt: null });
      expect(m!.lastError).toContain('451');
      expect((await page.list('pending')).some((x) => x.to === email)).toBe(false);

      // Kept as failed: time passing does not bring it back.
      s.clock.advance(24 * 3600 * SECOND);
      smtp.accept();
      await s.worker.runOnce();
      expect(inbox(email)).toEqual([]);
      expect((await page.one(email)).status).toBe('failed');
    });

    it('fails a permanent refusal (550) after one attempt; an admin retry sends it; a sent message cannot be retried', async () => {
      const email = uniqueEmail('bounce');
      smtp.refuse(550, 'rcpt');
      await page.invite(email);
      await s.worker.runOnce();
      const m = await page.one(email);
      expect(m).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(m.lastError).toContain('550');

      smtp.accept();
      const office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      expect((await s.call('POST', `/api/messages/${m.id}/retry`, { token: office, body: {} })).statusCode).toBe(403);

      const retry = await s.call('POST', `/api/messages/${m.id}/retry`, { token: admin, body: {} });
      expect(retry.statusCode).toBe(200);
      expect((retry.json() as { message: TMessage }).message).toMatchObject({ id: m.id, status: 'pending', attempts: 0 });
      await s.worker.runOnce();
      expect(await page.one(email)).toMatchObject({ status: 'sent', transport: 'smtp' });
      expect(inbox(email)).toHaveLength(1);

      const again = await s.call('POST', `/api/messages/${m.id}/retry`, { token: admin, body: {} });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ error: { code: 'conflict' } });
      await s.worker.runOnce();
      expect(inbox(email)).toHaveLength(1);
    });

    it('sends again a message whose worker died mid-send, once its lease has run out', async () => {
      const email = uniqueEmail('orphan');
      await page.invite(email);
      const now = s.clock.now();
      const leased = await s.ctx.database.db.transaction().execute((trx) =>
        leaseDue(trx, dialect, { owner: 'worker-that-died', now: now.toISOString(), leaseUntil: later(now.toISOString(), 120 * SECOND), limit: 50 }),
      );
      expect(leased.map((r) => (JSON.parse(r.payload) as { to: string }).to)).toContain(email);

      // While the dead worker's lease holds, nobody else sends it.
      await s.worker.runOnce();
      s.clock.advance(120 * SECOND);
      await s.worker.runOnce();
      expect(inbox(email)).toEqual([]);
      expect((await page.one(email)).status).toBe('sending');

      s.clock.advance(1 * SECOND);
      await s.worker.runOnce();
      expect(inbox(email)).toHaveLength(1);
      expect(await page.one(email)).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('gives up on a message whose worker died mid-send on every attempt, keeping it as failed', async () => {
      const email = uniqueEmail('cursed');
      await page.invite(email);
      for (let i = 0; i < EMAIL_MAX_ATTEMPTS; i++) {
        const now = s.clock.now().toISOString();
        const leased = await s.ctx.database.db.transaction().execute((trx) =>
          leaseDue(trx, dialect, { owner: `dying-worker-${i}`, now, leaseUntil: later(now, 120 * SECOND), limit: 50 }),
        );
        expect(leased.some((r) => (JSON.parse(r.payload) as { to: string }).to === email)).toBe(true);
        s.clock.advance(121 * SECOND);
      }
      await s.worker.runOnce();
      expect(inbox(email)).toEqual([]);
      expect(await page.one(email)).toMatchObject({ status: 'failed', attempts: EMAIL_MAX_ATTEMPTS });
      expect((await page.one(email)).lastError).toMatch(/stopped while sending/);
    });

    it('shows the mail page to admins of the tenant only', async () => {
      const other = await buildTenant(s);
      const otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
      const res = await s.call('GET', '/api/messages', { token: otherAdmin });
      expect(res.statusCode).toBe(200);
      expect((res.json() as { messages: TMessage[] }).messages).toEqual([]);

      const mine = await page.list();
      expect(mine.length).toBeGreaterThan(0);
      const foreign = await s.call('POST', `/api/messages/${mine[0]!.id}/retry`, { token: otherAdmin, body: {} });
      expect(foreign.statusCode).toBe(404);

      const engineer = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      expect((await s.call('GET', '/api/messages', { token: engineer })).statusCode).toBe(403);
      expect((await s.call('GET', '/api/messages')).statusCode).toBe(401);
      expect((await s.call('GET', '/api/messages?status=lost', { token: admin })).statusCode).toBe(400);
    });
  });

  describe(`email outbox when the SMTP server is down (${dialect})`, () => {
    let s: TestServer;
    let port = 0;
    let smtp: SmtpCapture | undefined;
    beforeAll(async () => {
      port = await freePort();
      s = await startTestServer(dialect, { label: 'mail-down', env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    });
    afterAll(async () => {
      await s?.stop();
      await smtp?.close();
    });

    it('keeps the message pending while the connection is refused and sends it when the server is back', async () => {
      const t = await buildTenant(s);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const page = mailPage(s, () => admin);
      const email = uniqueEmail('outage');
      await page.invite(email);

      await s.worker.runOnce();
      const m = await page.one(email);
      expect(m).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: later(s.clock.now().toISOString(), 30 * SECOND) });
      expect(m.lastError).toMatch(/ECONNREFUSED|connect/i);

      smtp = await startSmtpCapture(port);
      await s.worker.runOnce();
      expect(smtp.received).toEqual([]);
      s.clock.advance(30 * SECOND);
      await s.worker.runOnce();
      expect(smtp.received.map((r) => r.rcptTo)).toEqual([[email]]);
      expect(await page.one(email)).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 2 });
    });
  });

  describe(`email without SMTP_URL: kept as .eml files in the data folder (${dialect})`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'mail-file' });
    });
    afterAll(async () => s?.stop());

    it('writes each sent message whole to <dataDir>/mail/<id>.eml and shows transport "file"', async () => {
      const t = await buildTenant(s);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const page = mailPage(s, () => admin);
      const email = uniqueEmail('filed');
      await page.invite(email);
      await s.worker.runOnce();

      const m = await page.one(email);
      expect(m).toMatchObject({ status: 'sent', transport: 'file', attempts: 1 });
      const dir = path.join(s.testDb.dataDir, 'mail');
      const eml = parseMail(fs.readFileSync(path.join(dir, `${m.id}.eml`), 'utf8'));
      expect(eml.subject).toBe(`You are invited to ${t.tenant.name} on Fieldkeep`);
      expect(eml.headers.to).toBe(email);
      expect(eml.text).toBe(m.text);
      expect(tokenFromLink(eml.text, 'http://fieldkeep.test/accept-invitation')).toMatch(/^[\w-]{40,}$/);
      expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.eml'))).toEqual([]);
    });
  });
}
