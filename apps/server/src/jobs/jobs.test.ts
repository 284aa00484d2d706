import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJob, TJobDetail } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite, buildWarning } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

for (const dialect of DIALECTS) {
  describe(`jobs (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let siteId = '';

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'jobs' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      siteId = (await buildSite(s, office, t.clientId, { name: '4 Mill Lane', postcode: 'ls6 2ab' })).id;
    });
    afterAll(async () => s?.stop());

    it('raises jobs numbered in sequence per tenant, at the site’s client, with the site’s live warnings', async () => {
      const first = await buildJob(s, office, siteId);
      const second = await buildJob(s, office, siteId, { priority: 'emergency', requiredSkills: ['gas', 'gas'], targetDate: '2026-11-25' });
      expect(second.number).toBe(first.number + 1);
      expect(second.reference).toBe(`J-${String(second.number).padStart(6, '0')}`);

      const other = await buildTenant(s);
      const otherOffice = await s.signIn(other.users.office.login, TEST_PASSWORD);
      const otherSite = await buildSite(s, otherOffice, other.clientId);
      expect((await buildJob(s, otherOffice, otherSite.id)).number).toBe(1);

      await buildWarning(s, office, siteId, 'aggressive_animal');
      const detail = (await s.call('GET', `/api/jobs/${second.id}`, { token: office })).json() as TJobDetail;
      expect(detail.job).toMatchObject({ clientId: t.clientId, status: 'new', priority: 'emergency', requiredSkills: ['gas'], targetDate: '2026-11-25', liveWarningCount: 1 });
      expect(detail.warnings.map((w) => w.typeKey)).toEqual(['aggressive_animal']);
    });

    it('refuses a job at another tenant’s site, or with an asset from another site, storing nothing', async () => {
      const other = await buildTenant(s);
      const otherOffice = await s.signIn(other.users.office.login, TEST_PASSWORD);
      const foreign = await buildSite(s, otherOffice, other.clientId);
      const before = (await s.call('GET', '/api/jobs?limit=200', { token: office })).json() as { total: number };
      const res = await s.call('POST', '/api/jobs', { token: office, body: { siteId: foreign.id, description: 'x', jobType: 'repair' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed', issues: [{ path: 'body.siteId' }] } });
      const after = (await s.call('GET', '/api/jobs?limit=200', { token: office })).json() as { total: number };
      expect(after.total).toBe(before.total);
    });

    it('follows the job state machine: a new job can be cancelled; a cancelled one cannot come back', async () => {
      const job = await buildJob(s, office, siteId);
      const done = await s.call('PATCH', `/api/jobs/${job.id}`, { token: office, body: { status: 'completed' } });
      expect(done.statusCode).toBe(409);
      expect(done.json()).toMatchObject({ error: { code: 'invalid_transition' } });
      expect((await s.call('PATCH', `/api/jobs/${job.id}`, { token: office, body: { status: 'cancelled' } })).statusCode).toBe(200);
      const back = await s.call('PATCH', `/api/jobs/${job.id}`, { token: office, body: { status: 'new' } });
      expect(back.json()).toMatchObject({ error: { code: 'invalid_transition' } });
      const audit = await s.call('GET', '/api/audit?action=job.status_changed', { token: await s.signIn(t.users.admin.login, TEST_PASSWORD) });
      expect((audit.json() as { entries: Array<{ subject: string; details: { to: string } }> }).entries.some((e) => e.subject === job.id && e.details.to === 'cancelled')).toBe(true);
    });

    it('filters by status, site, client, engineer and date, and searches reference, postcode and text', async () => {
      const secondSite = await buildSite(s, office, t.clientId, { name: 'Unique Towers', postcode: 'ZZ9 9ZZ' });
      const a = await buildJob(s, office, secondSite.id, { description: 'Replace extractor fan', targetDate: '2026-12-01' });
      const list = async (q: string) => ((await s.call('GET', `/api/jobs?${q}`, { token: office })).json() as { jobs: TJob[] }).jobs.map((j) => j.id);
      expect(await list(`siteId=${secondSite.id}`)).toEqual([a.id]);
      expect(await list('q=zz9')).toEqual([a.id]);
      expect(await list('q=extractor')).toEqual([a.id]);
      expect(await list(`q=${a.reference}`)).toEqual([a.id]);
      expect(await list(`q=${a.number}`)).toContain(a.id);
      expect(await list('from=2026-12-01&to=2026-12-01')).toContain(a.id);
      expect(await list('from=2026-12-02')).not.toContain(a.id);
      expect(await list(`clientId=${t.clientId}&status=new`)).toContain(a.id);
      expect(await list('status=completed')).not.toContain(a.id);
      const visit = await s.call('POST', '/api/visits', {
        token: office,
        body: { jobId: a.id, startsAt: '2026-11-26T09:00:00.000Z', endsAt: '2026-11-26T10:00:00.000Z', engineerIds: [t.users.engineer.id] },
      });
      expect(visit.statusCode).toBe(201);
      expect(await list(`engineerId=${t.users.engineer.id}`)).toEqual([a.id]);
      expect(await list('from=2026-11-26&to=2026-11-26')).toContain(a.id);
      expect(await list('status=scheduled')).toContain(a.id);
    });

    it('shows a client user only its own organisation’s jobs, client-visible notes, and no warnings', async () => {
      const job = await buildJob(s, office, siteId);
      await s.call('POST', `/api/jobs/${job.id}/notes`, { token: office, body: { text: 'Parts ordered, due Thursday.', clientVisible: true } });
      await s.call('POST', `/api/jobs/${job.id}/notes`, { token: office, body: { text: 'Internal: tenant was rude last time.' } });
      const client = await s.signIn(t.users.client.login, TEST_PASSWORD);
      const detail = (await s.call('GET', `/api/jobs/${job.id}`, { token: client })).json() as TJobDetail;
      expect(detail.notes.map((n) => n.text)).toEqual(['Parts ordered, due Thursday.']);
      expect(detail.warnings).toEqual([]);

      // Another client organisation of the same contractor sees none of it.
      const otherClient = await s.call('POST', '/api/clients', { token: office, body: { name: 'Other Housing' } });
      const otherClientId = otherClient.json<{ client: { id: string } }>().client.id;
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const u = await s.call('POST', '/api/users', { token: admin, body: { name: 'Other Client User', login: `ocu${Math.random().toString(36).slice(2, 8)}`, role: 'client', clientId: otherClientId, password: TEST_PASSWORD } });
      const other = await s.signIn(u.json<{ user: { login: string } }>().user.login, TEST_PASSWORD);
      expect((await s.call('GET', `/api/jobs/${job.id}`, { token: other })).statusCode).toBe(404);
      const otherList = (await s.call('GET', '/api/jobs', { token: other })).json() as { jobs: TJob[]; total: number };
      expect(otherList.total).toBe(0);
      const mine = (await s.call('GET', '/api/jobs?limit=200', { token: client })).json() as { jobs: TJob[] };
      expect(mine.jobs.every((j) => j.clientId === t.clientId)).toBe(true);
      // …and cannot write.
      expect((await s.call('POST', '/api/jobs', { token: client, body: { siteId, description: 'x', jobType: 'repair' } })).statusCode).toBe(403);
    });

    it('keeps engineers out of office job screens and allocation', async () => {
      const eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const job = await buildJob(s, office, siteId);
      expect((await s.call('GET', '/api/jobs', { token: eng })).statusCode).toBe(403);
      const res = await s.call('POST', '/api/visits', {
        token: eng,
        body: { jobId: job.id, startsAt: '2026-11-24T09:00:00.000Z', endsAt: '2026-11-24T10:00:00.000Z', engineerIds: [t.users.engineer.id] },
      });
      expect(res.statusCode).toBe(403);
      expect((await s.call('PATCH', `/api/rules/${'0'.repeat(8)}-0000-7000-8000-000000000000`, { token: eng, body: { active: false } })).statusCode).toBe(403);
    });
  });
}
