import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, type TUser } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startSmtpCapture, tokenFromLink, type SmtpCapture } from '../testing/smtp.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const MINUTE = 60_000;
const RESET_LINK = 'http://fieldkeep.test/reset-password';
const INVITE_LINK = 'http://fieldkeep.test/accept-invitation';
const NEW_PASSWORD = 'a-brand-new-passphrase';

let ipSeq = 0;
/** Each request from its own address, so per-address rate limits stay out of the way. */
const nextIp = () => `10.40.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
let emailSeq = 0;
const uniqueEmail = (what: string) => `${what}.${++emailSeq}.${Math.random().toString(36).slice(2, 7)}@example.test`;

for (const dialect of DIALECTS) {
  describe(`password reset and invitations by email (${dialect})`, () => {
    let smtp: SmtpCapture;
    let s: TestServer;
    let t: BuiltTenant;
    let admin = '';

    beforeAll(async () => {
      smtp = await startSmtpCapture();
      s = await startTestServer(dialect, { label: 'reset', env: { SMTP_URL: smtp.url } });
      t = await buildTenant(s);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
    });
    afterAll(async () => {
      await s?.stop();
      await smtp?.close();
    });
    afterEach(() => smtp.accept());

    const signIn = (login: string, password: string) =>
      s.call('POST', '/api/auth/login', { body: { email: login, password }, ip: nextIp() });
    const me = async (token: string) => (await s.call('GET', '/api/auth/me', { token })).statusCode;
    const requestReset = async (login: string) => {
      const res = await s.call('POST', '/api/auth/password-reset', { body: { email: login }, ip: nextIp() });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ ok: true });
    };
    const completeReset = (token: string, password: string) =>
      s.call('POST', '/api/auth/password-reset/complete', { body: { token, password }, ip: nextIp() });
    const accept = (token: string, password: string) =>
      s.call('POST', '/api/auth/invitation/accept', { body: { token, password }, ip: nextIp() });
    /** Lets the worker send, then answers the newest email that reached this address. */
    const deliveredTo = async (email: string) => {
      await s.worker.runOnce();
      const got = smtp.received.filter((m) => m.rcptTo.includes(email));
      expect(got.length).toBeGreaterThan(0);
      return got.at(-1)!;
    };
    const outboxRows = async () => Number((await s.ctx.database.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const audit = async (action: string) => {
      const res = await s.call('GET', `/api/audit?action=${action}&limit=200`, { token: admin });
      return (res.json() as { entries: Array<{ subject: string | null; actorLogin: string | null; details: Record<string, unknown> }> }).entries;
    };
    const getUser = async (id: string) => (await s.call('GET', `/api/users/${id}`, { token: admin })).json() as { user: TUser };
    const createUser = async (body: Record<string, unknown>) => {
      const res = await s.call('POST', '/api/users', { token: admin, body });
      expect(res.statusCode).toBe(201);
      return (res.json() as { user: TUser }).user;
    };

    it('resets a password from the emailed link: the old password stops working and every session ends', async () => {
      const { login } = t.users.engineer;
      const phone = await s.signIn(login, TEST_PASSWORD);
      const browser = await s.signIn(login, TEST_PASSWORD);

      await requestReset(login.toUpperCase());
      const mail = await deliveredTo(login);
      expect(mail.subject).toBe('Reset your Fieldkeep password');
      const token = tokenFromLink(mail.text, RESET_LINK);

      expect((await completeReset(token, NEW_PASSWORD)).statusCode).toBe(200);
      const old = await signIn(login, TEST_PASSWORD);
      expect(old.statusCode).toBe(401);
      expect(old.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
      expect((await signIn(login, NEW_PASSWORD)).statusCode).toBe(200);
      expect(await me(phone)).toBe(401);
      expect(await me(browser)).toBe(401);
      expect((await audit('auth.password_reset')).some((e) => e.subject === t.users.engineer.id)).toBe(true);
    });

    it('accepts a reset link only once', async () => {
      const { login } = t.users.office;
      await requestReset(login);
      const token = tokenFromLink((await deliveredTo(login)).text, RESET_LINK);
      expect((await completeReset(token, NEW_PASSWORD)).statusCode).toBe(200);
      const session = await s.signIn(login, NEW_PASSWORD);

      const second = await completeReset(token, 'someone-elses-passphrase');
      expect(second.statusCode).toBe(400);
      expect(second.json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await signIn(login, 'someone-elses-passphrase')).statusCode).toBe(401);
      expect((await signIn(login, NEW_PASSWORD)).statusCode).toBe(200);
      expect(await me(session)).toBe(200);
      // Nor is a reset link an invitation.
      expect((await accept(token, 'someone-elses-passphrase')).json()).toMatchObject({ error: { code: 'token_invalid' } });
    });

    it(`honours a reset link for ${LIMITS.resetTokenMinutes} minutes and refuses it after, changing nothing`, async () => {
      const email = uniqueEmail('slow');
      const u = await createUser({ name: 'Slow Reader', email, role: 'office', password: TEST_PASSWORD });

      await requestReset(email);
      const inTime = tokenFromLink((await deliveredTo(email)).text, RESET_LINK);
      s.clock.advance((LIMITS.resetTokenMinutes - 1) * MINUTE);
      expect((await completeReset(inTime, NEW_PASSWORD)).statusCode).toBe(200);

      await requestReset(email);
      const tooLate = tokenFromLink((await deliveredTo(email)).text, RESET_LINK);
      expect(tooLate).not.toBe(inTime);
      s.clock.advance(LIMITS.resetTokenMinutes * MINUTE + 1000);
      const res = await completeReset(tooLate, 'too-late-passphrase');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await signIn(email, 'too-late-passphrase')).statusCode).toBe(401);
      expect((await getUser(u.id)).user.hasPassword).toBe(true);
    });

    it('answers 202 for a user without email and for an unknown name, sends nothing, and audits the request', async () => {
      const u = await createUser({ name: 'Yard Hand', login: `yard.hand.${++emailSeq}`, role: 'engineer', password: TEST_PASSWORD });
      expect(u).toMatchObject({ email: null, canResetPassword: false });
      const before = await outboxRows();
      const received = smtp.received.length;

      await requestReset(u.login);
      await requestReset(`nobody.${emailSeq}@nowhere.test`);
      await s.worker.runOnce();
      expect(await outboxRows()).toBe(before);
      expect(smtp.received.length).toBe(received);

      const entry = (await audit('auth.password_reset_requested')).find((e) => e.subject === u.id);
      expect(entry?.details).toMatchObject({ emailSent: false, reason: 'no_email' });
      // Their password is untouched.
      expect((await signIn(u.login, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('sends no reset email to a disabled user', async () => {
      const email = uniqueEmail('leaver');
      const u = await createUser({ name: 'Leaver', email, role: 'office', password: TEST_PASSWORD });
      expect((await s.call('PATCH', `/api/users/${u.id}`, { token: admin, body: { disabled: true } })).statusCode).toBe(200);
      const before = await outboxRows();
      await requestReset(email);
      expect(await outboxRows()).toBe(before);
    });

    it('refuses a too-short new password with the reason, and the link still works afterwards', async () => {
      const email = uniqueEmail('short');
      await createUser({ name: 'Short Pass', email, role: 'office', password: TEST_PASSWORD });
      await requestReset(email);
      const token = tokenFromLink((await deliveredTo(email)).text, RESET_LINK);

      const res = await completeReset(token, 'short');
      expect(res.statusCode).toBe(400);
      const body = res.json() as { error: { code: string; issues: Array<{ path: string; message: string }> } };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('password') })]));
      expect((await signIn(email, TEST_PASSWORD)).statusCode).toBe(200);

      expect((await completeReset(token, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('lets a locked-out user reset the password and sign in at once', async () => {
      const { login } = t.users.client;
      for (let i = 0; i < LIMITS.lockoutThreshold; i++) await signIn(login, `wrong-guess-${i}`);
      const locked = await signIn(login, TEST_PASSWORD);
      expect(locked.json()).toMatchObject({ error: { code: 'account_locked' } });

      await requestReset(login);
      const token = tokenFromLink((await deliveredTo(login)).text, RESET_LINK);
      expect((await completeReset(token, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await signIn(login, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('invites a new user by email; accepting sets the password, then they sign in', async () => {
      const email = uniqueEmail('starter');
      const u = await createUser({ name: 'New Starter', email, role: 'engineer' });
      expect(u).toMatchObject({ login: email, hasPassword: false, canResetPassword: true });
      expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(401);

      const mail = await deliveredTo(email);
      expect(mail.subject).toBe(`You are invited to ${t.tenant.name} on Fieldkeep`);
      expect(mail.text).toContain(`Your sign-in name is ${email}`);
      const token = tokenFromLink(mail.text, INVITE_LINK);

      expect((await accept(token, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await getUser(u.id)).user.hasPassword).toBe(true);
      const res = await signIn(email, NEW_PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ user: { id: u.id, role: 'engineer', tenantId: t.tenant.id } });
      expect((await accept(token, 'another-passphrase')).json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await audit('auth.invitation_accepted')).some((e) => e.subject === u.id)).toBe(true);
    });

    it('sends the invitation again: the earlier link stops working and the new one works', async () => {
      const email = uniqueEmail('resend');
      const u = await createUser({ name: 'Lost Email', email, role: 'office' });
      const first = tokenFromLink((await deliveredTo(email)).text, INVITE_LINK);

      const resend = await s.call('POST', `/api/users/${u.id}/invitation`, { token: admin, body: {} });
      expect(resend.statusCode).toBe(200);
      const second = tokenFromLink((await deliveredTo(email)).text, INVITE_LINK);
      expect(second).not.toBe(first);
      expect(smtp.received.filter((m) => m.rcptTo.includes(email))).toHaveLength(2);

      expect((await accept(first, NEW_PASSWORD)).json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await getUser(u.id)).user.hasPassword).toBe(false);
      expect((await accept(second, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);

      // Now they have a password: nothing to resend.
      const done = await s.call('POST', `/api/users/${u.id}/invitation`, { token: admin, body: {} });
      expect(done.statusCode).toBe(409);
      expect(done.json()).toMatchObject({ error: { code: 'conflict' } });
    });

    it(`expires an invitation after ${LIMITS.inviteTokenDays} days; a resend gives a working link`, async () => {
      const email = uniqueEmail('holiday');
      const u = await createUser({ name: 'On Holiday', email, role: 'office' });
      const stale = tokenFromLink((await deliveredTo(email)).text, INVITE_LINK);
      s.clock.advance(LIMITS.inviteTokenDays * 24 * 60 * MINUTE + 1000);
      expect((await accept(stale, NEW_PASSWORD)).json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await getUser(u.id)).user.hasPassword).toBe(false);

      expect((await s.call('POST', `/api/users/${u.id}/invitation`, { token: admin, body: {} })).statusCode).toBe(200);
      const fresh = tokenFromLink((await deliveredTo(email)).text, INVITE_LINK);
      expect((await accept(fresh, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('stops an unused invitation link working once the user has set a password another way', async () => {
      const email = uniqueEmail('both-links');
      const u = await createUser({ name: 'Two Links', email, role: 'office' });
      const invite = tokenFromLink((await deliveredTo(email)).text, INVITE_LINK);
      await requestReset(email);
      const reset = tokenFromLink((await deliveredTo(email)).text, RESET_LINK);
      expect((await completeReset(reset, NEW_PASSWORD)).statusCode).toBe(200);
      const session = await s.signIn(email, NEW_PASSWORD);

      // Whoever finds the old invitation in the mailbox cannot replace the password or end the session.
      expect((await accept(invite, 'an-attackers-password')).json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect(await me(session)).toBe(200);
      expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
      expect((await getUser(u.id)).user.hasPassword).toBe(true);
    });

    it('finds a user who signs in with a username by the email address they give for a reset', async () => {
      const email = uniqueEmail('has-username');
      const u = await createUser({ name: 'Username Person', login: `uname.${++emailSeq}`, email, role: 'engineer', password: TEST_PASSWORD });
      await requestReset(email);
      const mail = await deliveredTo(email);
      expect(mail.text).toContain(u.login);
      expect((await completeReset(tokenFromLink(mail.text, RESET_LINK), NEW_PASSWORD)).statusCode).toBe(200);
      expect((await signIn(u.login, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('cannot invite a user without email (email_required) or one who already has a password (409)', async () => {
      const u = await createUser({ name: 'No Mail', login: `no.mail.${++emailSeq}`, role: 'engineer', password: TEST_PASSWORD });
      const before = await outboxRows();
      const noEmail = await s.call('POST', `/api/users/${u.id}/invitation`, { token: admin, body: {} });
      expect(noEmail.statusCode).toBe(400);
      expect(noEmail.json()).toMatchObject({ error: { code: 'email_required' } });

      const hasPassword = await s.call('POST', `/api/users/${t.users.office.id}/invitation`, { token: admin, body: {} });
      expect(hasPassword.statusCode).toBe(409);
      expect(await outboxRows()).toBe(before);
    });
  });
}
