import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@fieldkeep/domain';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { DIALECTS } from '../testing/dialects.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { sessionCookieName } from '../http/app.js';

for (const dialect of DIALECTS) {
  describe(`sign-in and sessions (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'auth' });
      t = await buildTenant(s);
    });
    afterAll(async () => s?.stop());

    const audit = async (action: string) => {
      const token = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const res = await s.call('GET', `/api/audit?action=${action}&limit=200`, { token });
      return (res.json() as { entries: Array<{ subject: string | null; details: Record<string, unknown> }> }).entries;
    };

    it('signs in with the sign-in name in any case, answers a bearer token and sets an httpOnly cookie', async () => {
      const res = await s.call('POST', '/api/auth/login', { body: { email: t.users.office.login.toUpperCase(), password: TEST_PASSWORD } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { token: string; user: { role: string; tenantId: string } };
      expect(body.user).toMatchObject({ role: 'office', tenantId: t.tenant.id });
      const cookie = res.cookies.find((c) => c.name === sessionCookieName(s.instanceId));
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Lax');

      const byBearer = await s.call('GET', '/api/auth/me', { token: body.token });
      expect(byBearer.statusCode).toBe(200);
      const byCookie = await s.call('GET', '/api/auth/me', { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
      expect((byCookie.json() as { user: { login: string } }).user.login).toBe(t.users.office.login);
    });

    it('refuses a wrong password with invalid_credentials and audits the failure', async () => {
      const res = await s.call('POST', '/api/auth/login', { body: { email: t.users.engineer.login, password: 'not-the-password' } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
      const unknown = await s.call('POST', '/api/auth/login', { body: { email: 'nobody@nowhere.test', password: 'whatever-it-is' } });
      expect(unknown.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
      const failures = await audit('auth.sign_in_failed');
      expect(failures.some((e) => e.subject === t.users.engineer.id && e.details.reason === 'wrong_password')).toBe(true);
    });

    it(`locks an account after ${LIMITS.lockoutThreshold} failures in a row, even with the right password, until the lock runs out`, async () => {
      const login = t.users.client.login;
      for (let i = 0; i < LIMITS.lockoutThreshold; i++) {
        const r = await s.call('POST', '/api/auth/login', { body: { email: login, password: `wrong-${i}-password` }, ip: `10.1.0.${i}` });
        expect(r.statusCode).toBe(i < LIMITS.lockoutThreshold - 1 ? 401 : 403);
      }
      const locked = await s.call('POST', '/api/auth/login', { body: { email: login, password: TEST_PASSWORD }, ip: '10.1.1.1' });
      expect(locked.statusCode).toBe(403);
      expect(locked.json()).toMatchObject({ error: { code: 'account_locked' } });
      expect((await audit('auth.locked')).some((e) => e.subject === t.users.client.id)).toBe(true);

      s.clock.advance(LIMITS.lockoutMinutes * 60_000 + 1000);
      const after = await s.call('POST', '/api/auth/login', { body: { email: login, password: TEST_PASSWORD }, ip: '10.1.1.2' });
      expect(after.statusCode).toBe(200);
    });

    it('rate-limits sign-in attempts per client address', async () => {
      const ip = '10.2.0.1';
      const codes: number[] = [];
      for (let i = 0; i < LIMITS.loginAttemptsPerMinutePerIp + 1; i++) {
        const r = await s.call('POST', '/api/auth/login', { body: { email: `nobody${i}@x.test`, password: 'whatever-it-is' }, ip });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, LIMITS.loginAttemptsPerMinutePerIp).every((c) => c === 401)).toBe(true);
      expect(codes.at(-1)).toBe(429);
      // Another address is not affected.
      const other = await s.call('POST', '/api/auth/login', { body: { email: t.users.admin.login, password: TEST_PASSWORD }, ip: '10.2.0.2' });
      expect(other.statusCode).toBe(200);
    });

    it('signs out: the token stops working; a disabled user cannot sign in and loses sessions', async () => {
      const token = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      expect((await s.call('POST', '/api/auth/logout', { token, body: {} })).statusCode).toBe(200);
      expect((await s.call('GET', '/api/auth/me', { token })).statusCode).toBe(401);

      const engToken = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const dis = await s.call('PATCH', `/api/users/${t.users.engineer.id}`, { token: admin, body: { disabled: true } });
      expect(dis.statusCode).toBe(200);
      expect((await s.call('GET', '/api/auth/me', { token: engToken })).statusCode).toBe(401);
      const again = await s.call('POST', '/api/auth/login', { body: { email: t.users.engineer.login, password: TEST_PASSWORD } });
      expect(again.json()).toMatchObject({ error: { code: 'account_disabled' } });
      await s.call('PATCH', `/api/users/${t.users.engineer.id}`, { token: admin, body: { disabled: false } });
    });

    it('records every sign-in in the audit log', async () => {
      await s.signIn(t.users.office.login, TEST_PASSWORD);
      const entries = await audit('auth.sign_in');
      expect(entries.some((e) => e.subject === t.users.office.id)).toBe(true);
    });
  });
}
