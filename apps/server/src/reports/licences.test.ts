import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { monthsBetween } from './licences.service.js';

type Report = { columns: string[]; rows: string[][] };

describe('licences report months', () => {
  it('lists every month of a range, across a year end', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-11', '2026-11')).toEqual(['2026-11']);
  });
});

for (const dialect of DIALECTS) {
  describe(`licences report (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let admin = '';
    let eng = '';
    const ledger = async () =>
      (await s.ctx.database.db.selectFrom('user_activity').select(['user_id', 'month', 'kind']).where('tenant_id', '=', t.tenant.id).orderBy('month').orderBy('kind').execute()).map(
        (r) => `${r.month} ${r.kind} ${r.user_id === t.users.engineer.id ? 'engineer' : r.user_id === t.users.admin.id ? 'admin' : r.user_id === t.users.office.id ? 'office' : 'client'}`,
      );
    /** The ledger is written after each answer has gone: wait until it holds what a call recorded. */
    const until = async (want: string) => {
      for (let i = 0; i < 100 && !(await ledger()).includes(want); i++) await new Promise((r) => setTimeout(r, 20));
      expect(await ledger()).toContain(want);
    };
    const report = async (query: string, token = admin) => {
      const res = await s.call('GET', `/api/reports/licences${query}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Report>();
    };

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'licences' });
      t = await buildTenant(s);
      await buildTenant(s); // another company: never counted here
      // November (the test clock's month): the admin and the office sign in; the engineer's phone syncs.
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      expect((await s.call('GET', '/api/jobs', { token: office })).statusCode).toBe(200);
      await until('2026-11 web office');
      expect((await s.call('POST', '/api/sync/push', { token: eng, body: { protocolVersion: 1, clientId: 'licence-phone', mutations: [] } })).statusCode).toBe(200);
      await until('2026-11 sync engineer');
      // December: the phone syncs again with its November sign-in (sessions last 30 days); the
      // client signs in for the first time. The office does nothing.
      s.clock.set(new Date('2026-12-02T08:00:00.000Z'));
      expect((await s.call('GET', '/api/sync/pull?clientId=licence-phone&cursor=', { token: eng })).statusCode).toBe(200);
      await until('2026-12 sync engineer');
      await s.signIn(t.users.client.login, TEST_PASSWORD);
    });
    afterAll(async () => s?.stop());

    it('counts active users per month by licence: engineers, office (admin + office), client portal', async () => {
      const r = await report('?from=2026-10&to=2026-12');
      expect(r.columns).toEqual(['Month', 'Engineers', 'Office (admin and office)', 'Client portal', 'Total']);
      expect(r.rows).toEqual([
        ['2026-10', '0', '0', '0', '0'],
        ['2026-11', '1', '2', '0', '3'],
        // The admin counts in December too: reading this report is using Fieldkeep.
        ['2026-12', '1', '1', '1', '3'],
      ]);
    });

    it('says who counted in a month and how', async () => {
      const res = await s.call('GET', '/api/reports/licences/users?month=2026-11', { token: admin });
      expect(res.statusCode).toBe(200);
      const r = res.json<Report>();
      expect(r.columns).toEqual(['Name', 'Sign-in name', 'Role', 'Licence', 'Active by']);
      const slug = t.tenant.slug;
      expect(r.rows).toEqual([
        [`engineer of ${slug}`, t.users.engineer.login, 'engineer', 'Engineers', 'Signed in; Synced a phone'],
        [`admin of ${slug}`, t.users.admin.login, 'admin', 'Office (admin and office)', 'Signed in'],
        [`office of ${slug}`, t.users.office.login, 'office', 'Office (admin and office)', 'Signed in; Used the apps'],
      ]);
    });

    it('downloads the same rows as CSV', async () => {
      const res = await s.call('GET', '/api/reports/licences?from=2026-11&to=2026-12&format=csv', { token: admin });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="fieldkeep-licences-2026-11-to-2026-12.csv"');
      expect(res.body).toBe('\uFEFF"Month","Engineers","Office (admin and office)","Client portal","Total"\r\n"2026-11","1","2","0","3"\r\n"2026-12","1","1","1","3"\r\n');
    });

    it('is for the office and admin, and refuses a range that is backwards or too long', async () => {
      expect((await s.call('GET', '/api/reports/licences?from=2026-11&to=2026-11', { token: eng })).statusCode).toBe(403);
      expect((await s.call('GET', '/api/reports/licences?from=2026-12&to=2026-11', { token: admin })).statusCode).toBe(400);
      expect((await s.call('GET', '/api/reports/licences?from=2020-01&to=2026-11', { token: admin })).statusCode).toBe(400);
      expect((await s.call('GET', '/api/reports/licences?from=2026-13&to=2026-12', { token: admin })).statusCode).toBe(400);
    });
  });
}
