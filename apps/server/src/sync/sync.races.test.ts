/**
 * Regressions from review: races and edge cases that once lost or blocked work. Each ran red
 * before its fix (see the closing note of 2026-11-23).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJob, TJobDetail } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const uuid = (n: number) => `01a40000-0000-7000-8000-${String(n).padStart(12, '0')}`;

for (const dialect of DIALECTS) {
  describe(`races and edges found in review (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let eng = '';
    let eng2 = '';
    let office = '';
    let jobId = '';
    let visitId = '';

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'races' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const u = await s.call('POST', '/api/users', { token: admin, body: { name: 'Eng Two', login: `eng2-races-${dialect}`, role: 'engineer', password: TEST_PASSWORD } });
      const eng2Id = u.json<{ user: { id: string } }>().user.id;
      eng2 = await s.signIn(`eng2-races-${dialect}`, TEST_PASSWORD);
      const siteId = (await buildSite(s, office, t.clientId, { name: 'Race House' })).id;
      jobId = (await buildJob(s, office, siteId, { requiredEngineers: 2 })).id;
      const v = await s.call('POST', '/api/visits', { token: office, body: { jobId, startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-23T12:00:00Z', engineerIds: [t.users.engineer.id, eng2Id] } });
      visitId = v.json<{ visit: { id: string } }>().visit.id;
    });
    afterAll(async () => s?.stop());

    const push = (token: string, clientId: string, mutations: unknown[]) => s.call('POST', '/api/sync/push', { token, body: { protocolVersion: 1, clientId, mutations } });
    const note = (id: number, k: number) => ({ id, name: 'jobNote.add', args: { id: uuid(k), jobId, text: `race note ${k}`, at: '2026-11-23T10:30:00Z' } });

    it('keeps the device counter right when two pushes from one device overlap (a retry while the first is still running)', async () => {
      const d = `overlap-${dialect}`;
      await push(eng, d, [note(1, 1)]);
      const [a, b] = await Promise.all([push(eng, d, [note(2, 2)]), push(eng, d, [note(2, 2), note(3, 3), note(4, 4)])]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      const row = await s.ctx.database.db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', d).executeTakeFirstOrThrow();
      expect(row.last_mutation_id).toBe(4);
      expect(await s.ctx.database.db.selectFrom('sync_rejections').select('code').where('client_id', '=', d).execute()).toEqual([]);
      expect((await push(eng, d, [note(5, 5)])).json()).toMatchObject({ lastMutationId: 5 });
      const texts = ((await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail).notes.map((n) => n.text);
      for (const k of [1, 2, 3, 4, 5]) expect(texts.filter((x) => x === `race note ${k}`)).toHaveLength(1);
    });

    it('keeps the second engineer’s own arrival on a shared visit', async () => {
      await push(eng, `arrive-1-${dialect}`, [{ id: 1, name: 'visit.setStatus', args: { visitId, status: 'on_site', at: '2026-11-23T10:02:00Z' } }]);
      await push(eng2, `arrive-2-${dialect}`, [{ id: 1, name: 'visit.setStatus', args: { visitId, status: 'on_site', at: '2026-11-23T10:20:00Z' } }]);
      const visit = ((await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail).visits.find((v) => v.id === visitId)!;
      expect(visit.engineers.map((e) => e.arrivedAt).sort()).toEqual(['2026-11-23T10:02:00.000Z', '2026-11-23T10:20:00.000Z']);
    });

    it('holds the lockout against many wrong passwords at once', async () => {
      const login = t.users.client.login;
      const attempts = await Promise.all(
        Array.from({ length: 12 }, (_, i) => s.call('POST', '/api/auth/login', { body: { email: login, password: `wrong-password-${i}` }, ip: `10.77.0.${i}` })),
      );
      expect(attempts.some((r) => r.statusCode === 403)).toBe(true);
      const right = await s.call('POST', '/api/auth/login', { body: { email: login, password: TEST_PASSWORD }, ip: '10.77.1.1' });
      expect(right.json()).toMatchObject({ error: { code: 'account_locked' } });
    });

    it('ends the sign-in of a revoked device: a new device id with the same session does not get in', async () => {
      const token = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      await s.call('GET', '/api/sync/pull?clientId=stolen-phone-1&cursor=', { token });
      expect((await s.call('POST', '/api/devices/stolen-phone-1/revoke', { token: admin, body: {} })).statusCode).toBe(200);
      expect((await s.call('GET', '/api/sync/pull?clientId=stolen-phone-2&cursor=', { token })).json()).toMatchObject({ error: { code: 'device_revoked' } });
      expect((await s.call('GET', '/api/auth/me', { token })).statusCode).toBe(401);
      const audit = (await s.call('GET', '/api/audit?action=device.revoked', { token: admin })).json() as { entries: Array<{ subject: string }> };
      expect(audit.entries.map((e) => e.subject)).toContain('stolen-phone-1');
    });

    it('numbers a new tenant’s first jobs raised at the same moment without a failure', async () => {
      const fresh = await buildTenant(s);
      const tok = await s.signIn(fresh.users.office.login, TEST_PASSWORD);
      const site = await buildSite(s, tok, fresh.clientId);
      const res = await Promise.all([1, 2, 3].map(() => s.call('POST', '/api/jobs', { token: tok, body: { siteId: site.id, description: 'Same moment', jobType: 'repair' } })));
      expect(res.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      expect(res.map((r) => r.json<{ job: TJob }>().job.number).sort()).toEqual([1, 2, 3]);
    });

    it('finds jobs by text with %, _ and \\ in it', async () => {
      const site = await buildSite(s, office, t.clientId, { name: 'Percent Place' });
      const job = await buildJob(s, office, site.id, { description: 'Replace 50% of the tiles_in bathroom \\ kitchen' });
      for (const q of ['50%', 'tiles_in', '\\ kitchen']) {
        const found = ((await s.call('GET', `/api/jobs?q=${encodeURIComponent(q)}`, { token: office })).json() as { jobs: TJob[] }).jobs.map((j) => j.id);
        expect(found).toContain(job.id);
      }
      const none = ((await s.call('GET', `/api/jobs?q=${encodeURIComponent('5_%')}`, { token: office })).json() as { jobs: TJob[] }).jobs.map((j) => j.id);
      expect(none).not.toContain(job.id);
    });
  });
}
