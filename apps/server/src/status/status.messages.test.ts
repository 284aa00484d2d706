import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TStatusAction, TStatusItem } from '@fieldkeep/domain';
import { EMAIL_MAX_ATTEMPTS } from '../mail/outbox.repository.js';
import { createReplicationToken } from '../replication/tokens.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { freePort, startSmtpCapture, type SmtpCapture } from '../testing/smtp.js';
import { TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { itemOf, startStatusServer, statusOf } from './status.fixtures.js';

// Fault: the SMTP server is down. A queued email is retried (amber), then given up on (red, with
// "Resend"); the SMTP server comes back, the admin resends from the status page: green again.
// Also the outbox backlog (the worker not taking due mail) and what another tenant and monitoring see.

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`status page: messages and outbox backlog (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    let admin = '';
    let otherAdmin = '';
    let monitor = '';
    let port = 0;
    let smtp: SmtpCapture | undefined;
    const invite = async (email: string) => {
      const res = await s.call('POST', '/api/users', { token: admin, body: { name: 'New Starter', email, role: 'office' } });
      expect(res.statusCode).toBe(201);
    };
    const act = (a: TStatusAction | undefined) => {
      if (!a || !('method' in a)) throw new Error(`not an API action: ${JSON.stringify(a)}`);
      return s.call(a.method, a.url, { token: admin, body: {} });
    };

    beforeAll(async () => {
      port = await freePort();
      s = await startStatusServer(dialect, { label: 'status-mail', env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
      t = await buildTenant(s, { name: 'Acme Heating Ltd' });
      other = await buildTenant(s, { name: 'Other Contractor Ltd' });
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
      monitor = (await createReplicationToken(s.ctx.database.db, 'monitoring', s.clock.now().toISOString())).token;
    });
    afterAll(async () => {
      await s?.stop();
      await smtp?.close();
    });

    it('is green with nothing sent yet, says no SMS is configured, and is only for admins or a replication token', async () => {
      const m = await itemOf(s, admin, 'messages');
      expect(m).toMatchObject({ status: 'green', scope: 'tenant', entries: [] });
      expect(m.details).toContainEqual({ label: 'Text messages (SMS)', value: 'No SMS configured' });
      expect(m.details).toContainEqual({ label: 'How mail leaves', value: `SMTP server 127.0.0.1:${port}` });
      expect((await statusOf(s, admin)).items.find((i) => i.key === 'integrations')).toMatchObject({ status: 'grey', summary: expect.stringMatching(/^None configured/) });

      expect((await s.call('GET', '/api/status')).statusCode).toBe(401);
      expect((await s.call('GET', '/api/status', { token: 'fkr_not-a-real-token' })).statusCode).toBe(401);
      const office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      expect((await s.call('GET', '/api/status', { token: office })).statusCode).toBe(403);
    });

    it('SMTP down: amber while retried, red once given up, with Resend; SMTP back and resent: green', async () => {
      const email = `outage.${dialect}@example.test`;
      await invite(email);
      await s.worker.runOnce();
      let m = await itemOf(s, admin, 'messages');
      expect(m.status).toBe('amber');
      expect(m.summary).toMatch(/1 email could not be sent yet and is being tried again/);
      expect(m.entries).toHaveLength(1);
      expect(m.entries[0]).toMatchObject({ status: 'amber', title: expect.stringContaining(email) });
      expect(m.entries[0]!.text).toMatch(/ECONNREFUSED|connect/i);

      // Every later attempt fails too, until Fieldkeep gives up on it.
      for (let attempt = 2; attempt <= EMAIL_MAX_ATTEMPTS; attempt++) {
        s.clock.advance(60 * MINUTE);
        await s.worker.runOnce();
      }
      const report = await statusOf(s, admin);
      m = report.items.find((i) => i.key === 'messages')!;
      expect(report.status).toBe('red');
      expect(m.status).toBe('red');
      expect(m.summary).toMatch(/1 email could not be sent and was given up on/);
      expect(m.summary).toMatch(/ECONNREFUSED|connect/i);
      const failed = m.entries.find((e) => e.title.includes(email))!;
      expect(failed).toMatchObject({ status: 'red', action: { label: 'Resend', method: 'POST', url: expect.stringMatching(/^\/api\/messages\/[\w-]+\/retry$/) } });
      expect(m.action).toEqual({ label: 'Open the Mail page', href: '/admin/mail' });

      // Nobody else's page shows it: another tenant's admin is green, monitoring gets counts only.
      const theirs = await itemOf(s, otherAdmin, 'messages');
      expect(theirs).toMatchObject({ status: 'green', entries: [] });
      const server = await s.call('GET', '/api/status', { token: monitor });
      expect(server.statusCode).toBe(200);
      expect(server.body).not.toContain(email);
      expect(server.body).not.toContain('Acme Heating');
      const sm = server.json<{ view: string; items: TStatusItem[] }>();
      expect(sm.view).toBe('server');
      expect(sm.items.find((i) => i.key === 'messages')).toMatchObject({ status: 'red', entries: [], scope: 'server' });

      // The mail server is back; the admin presses Resend on the status page.
      smtp = await startSmtpCapture(port);
      const resent = await act(failed.action);
      expect(resent.statusCode).toBe(200);
      expect(await itemOf(s, admin, 'messages')).toMatchObject({ status: 'green', entries: [] });
      await s.worker.runOnce();
      expect(smtp.received.map((r) => r.rcptTo)).toEqual([[email]]);
      m = await itemOf(s, admin, 'messages');
      expect(m).toMatchObject({ status: 'green', summary: 'All email sent (1 in the last 24 hours). No SMS configured.' });
    });

    it('outbox backlog: amber then red while due mail waits for the worker, green once it is sent', async () => {
      expect((await itemOf(s, admin, 'outbox')).status).toBe('green');
      await invite(`backlog.${dialect}@example.test`);
      let o = await itemOf(s, admin, 'outbox');
      expect(o).toMatchObject({ status: 'green', scope: 'server', summary: '1 email queued; the oldest due one has waited less than a minute.' });

      // The worker is not running (as if it had stopped): the email is due and nobody takes it.
      s.clock.advance(20 * MINUTE);
      o = await itemOf(s, admin, 'outbox');
      expect(o.status).toBe('amber');
      expect(o.summary).toMatch(/waited 20 minutes.*worker is not keeping up or has stopped/);
      s.clock.advance(45 * MINUTE);
      expect((await itemOf(s, monitor, 'outbox')).status).toBe('red');

      await s.worker.runOnce();
      expect(await itemOf(s, admin, 'outbox')).toMatchObject({ status: 'green', summary: 'Nothing is waiting to be sent.' });
    });

    it('says mail is not leaving the server when SMTP_URL is unset, and that no backups are configured', async () => {
      const noSmtp = await startStatusServer(dialect, { label: 'status-nosmtp' });
      try {
        const tn = await buildTenant(noSmtp);
        const a = await noSmtp.signIn(tn.users.admin.login, TEST_PASSWORD);
        const report = await statusOf(noSmtp, a);
        const m = report.items.find((i) => i.key === 'messages')!;
        expect(m).toMatchObject({ status: 'amber', action: { href: 'docs/status.md#1-messages' } });
        expect(m.summary).toMatch(/SMTP_URL is not set/);
        const b = report.items.find((i) => i.key === 'backups')!;
        expect(b).toMatchObject({ status: 'amber', action: { href: 'docs/backups.md#configure' } });
        expect(b.summary).toMatch(/FIELDKEEP_BACKUP_DIR/);
        expect(report.items.find((i) => i.key === 'fallback_pack')).toMatchObject({ status: 'green', summary: expect.stringMatching(/^No fallback pack yet: the first is made in \d+ hours?/) });
        expect(report.status).toBe('amber');
      } finally {
        await noSmtp.stop();
      }
    });
  });
}
