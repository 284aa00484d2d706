import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAllocationCheck, TBoard, TJobDetail } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite, buildWarning } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const TUE = { startsAt: '2026-11-24T09:00:00.000Z', endsAt: '2026-11-24T11:00:00.000Z' };

for (const dialect of DIALECTS) {
  describe(`allocation under rules and the dispatch board (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let admin = '';
    let eng2 = '';

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'dispatch' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const u = await s.call('POST', '/api/users', { token: admin, body: { name: 'Second Engineer', login: `eng2-${t.tenant.slug}`, role: 'engineer', password: TEST_PASSWORD } });
      eng2 = u.json<{ user: { id: string } }>().user.id;
    });
    afterAll(async () => s?.stop());

    const allocate = (jobId: string, engineerIds: string[], extra: Record<string, unknown> = {}) =>
      s.call('POST', '/api/visits', { token: office, body: { jobId, ...TUE, engineerIds, ...extra } });

    it('refuses one engineer at a site that says "attend in pairs", naming the rule, and accepts two', async () => {
      const site = await buildSite(s, office, t.clientId);
      await buildWarning(s, office, site.id, 'attend_in_pairs');
      const job = await buildJob(s, office, site.id);

      const dry = (await s.call('POST', '/api/allocation/check', { token: office, body: { jobId: job.id, ...TUE, engineerIds: [t.users.engineer.id] } })).json() as TAllocationCheck;
      expect(dry).toMatchObject({ allowed: false, requiredEngineers: 2 });
      expect(dry.findings.find((f) => !f.satisfied)?.message).toMatch(/Attend in pairs.*at least 2/);

      const one = await allocate(job.id, [t.users.engineer.id]);
      expect(one.statusCode).toBe(409);
      const body = one.json() as { error: { code: string; message: string }; check: TAllocationCheck };
      expect(body.error.code).toBe('allocation_refused');
      expect(body.error.message).toMatch(/Attend in pairs/);
      expect(body.check.requiredEngineers).toBe(2);
      expect(((await s.call('GET', `/api/jobs/${job.id}`, { token: office })).json() as TJobDetail).visits).toEqual([]);

      const two = await allocate(job.id, [t.users.engineer.id, eng2]);
      expect(two.statusCode).toBe(201);
      const detail = (await s.call('GET', `/api/jobs/${job.id}`, { token: office })).json() as TJobDetail;
      expect(detail.job.status).toBe('scheduled');
      expect(detail.visits[0]?.engineers.map((e) => e.id).sort()).toEqual([t.users.engineer.id, eng2].sort());
    });

    it('needs "infection risk" acknowledged before allocating, and audits the acknowledgement', async () => {
      const site = await buildSite(s, office, t.clientId);
      await buildWarning(s, office, site.id, 'infection_risk');
      const job = await buildJob(s, office, site.id);
      const refused = await allocate(job.id, [eng2]);
      expect(refused.statusCode).toBe(409);
      const ruleId = (refused.json() as { check: TAllocationCheck }).check.unacknowledgedRuleIds[0];
      expect(ruleId).toBeDefined();
      const ok = await allocate(job.id, [eng2], { acknowledgedRuleIds: [ruleId] });
      expect(ok.statusCode).toBe(201);
      const visitId = ok.json<{ visit: { id: string } }>().visit.id;
      const audit = (await s.call('GET', '/api/audit?action=allocation.acknowledged', { token: admin })).json() as { entries: Array<{ subject: string; actorUserId: string; details: { ruleId: string } }> };
      expect(audit.entries.some((e) => e.subject === visitId && e.details.ruleId === ruleId && e.actorUserId === t.users.office.id)).toBe(true);
    });

    it('stops applying a warning once it expires, by itself', async () => {
      const site = await buildSite(s, office, t.clientId);
      const until = new Date(s.clock.now().getTime() + 60 * 60_000).toISOString();
      await buildWarning(s, office, site.id, 'lone_working_prohibited', { validUntil: until });
      const job = await buildJob(s, office, site.id);
      expect((await allocate(job.id, [eng2])).statusCode).toBe(409);
      s.clock.advance(61 * 60_000);
      expect((await allocate(job.id, [eng2])).statusCode).toBe(201);
    });

    it('warns when an engineer is already full that day or lacks a skill; a block rule always refuses', async () => {
      const site = await buildSite(s, office, t.clientId);
      const long = await buildJob(s, office, site.id);
      // A 7-hour booking on Wednesday fills an 8.5-hour day; two more hours overflow it.
      const wed = { startsAt: '2026-11-25T08:00:00.000Z', endsAt: '2026-11-25T15:00:00.000Z' };
      expect((await s.call('POST', '/api/visits', { token: office, body: { jobId: long.id, ...wed, engineerIds: [eng2] } })).statusCode).toBe(201);
      const more = await buildJob(s, office, site.id, { requiredSkills: ['Gas Safe'] });
      const check = (await s.call('POST', '/api/allocation/check', {
        token: office,
        body: { jobId: more.id, startsAt: '2026-11-25T15:00:00.000Z', endsAt: '2026-11-25T17:00:00.000Z', engineerIds: [eng2] },
      })).json() as TAllocationCheck;
      expect(check.allowed).toBe(false);
      const messages = check.findings.map((f) => f.message).join(' | ');
      expect(messages).toMatch(/Second Engineer would have 9 h booked of 8.5 h/);
      expect(messages).toMatch(/No allocated engineer has: Gas Safe/);

      await s.call('PATCH', `/api/engineers/${eng2}`, { token: office, body: { skills: ['gas safe'] } });
      const after = (await s.call('POST', '/api/allocation/check', {
        token: office,
        body: { jobId: more.id, startsAt: '2026-11-25T15:00:00.000Z', endsAt: '2026-11-25T17:00:00.000Z', engineerIds: [eng2] },
      })).json() as TAllocationCheck;
      expect(after.findings.map((f) => f.message).join(' | ')).not.toMatch(/Gas Safe/);

      const rule = await s.call('POST', '/api/rules', { token: admin, body: { name: 'No void works yet', condition: { kind: 'job_type', jobType: 'void_works' }, outcome: { kind: 'block' } } });
      expect(rule.statusCode).toBe(201);
      const voidJob = await buildJob(s, office, site.id, { jobType: 'void_works' });
      const blocked = await allocate(voidJob.id, [eng2, t.users.engineer.id], { acknowledgedRuleIds: [rule.json<{ rule: { id: string } }>().rule.id] });
      expect(blocked.statusCode).toBe(409);
      expect((blocked.json() as { error: { message: string } }).error.message).toMatch(/Not allowed: No void works yet/);
      // Switched off, it no longer applies.
      await s.call('PATCH', `/api/rules/${rule.json<{ rule: { id: string } }>().rule.id}`, { token: admin, body: { active: false } });
      expect((await allocate(voidJob.id, [t.users.engineer.id])).statusCode).toBe(201);
    });

    it('refuses a person who is not an active engineer of this tenant', async () => {
      const site = await buildSite(s, office, t.clientId);
      const job = await buildJob(s, office, site.id);
      const res = await allocate(job.id, [t.users.office.id]);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    });

    it('moves a job through its visits: under way → in progress; taken off the board → back to unallocated', async () => {
      const site = await buildSite(s, office, t.clientId);
      const job = await buildJob(s, office, site.id);
      const visit = (await allocate(job.id, [t.users.engineer.id])).json<{ visit: { id: string } }>().visit;
      let board = (await s.call('GET', '/api/board?date=2026-11-24', { token: office })).json() as TBoard;
      expect(board.unallocated.map((j) => j.id)).not.toContain(job.id);
      expect(board.visits.find((v) => v.id === visit.id)).toMatchObject({ jobId: job.id, engineerIds: [t.users.engineer.id] });

      expect((await s.call('POST', `/api/visits/${visit.id}/status`, { token: office, body: { status: 'on_site' } })).statusCode).toBe(200);
      expect(((await s.call('GET', `/api/jobs/${job.id}`, { token: office })).json() as TJobDetail).job.status).toBe('in_progress');
      const cannot = await s.call('DELETE', `/api/visits/${visit.id}`, { token: office });
      expect(cannot.json()).toMatchObject({ error: { code: 'invalid_transition' } });
      const noReason = await s.call('POST', `/api/visits/${visit.id}/status`, { token: office, body: { status: 'aborted' } });
      expect(noReason.statusCode).toBe(400);
      await s.call('POST', `/api/visits/${visit.id}/status`, { token: office, body: { status: 'aborted', reason: 'No access' } });

      const job2 = await buildJob(s, office, site.id);
      const v2 = (await allocate(job2.id, [t.users.engineer.id])).json<{ visit: { id: string } }>().visit;
      expect((await s.call('DELETE', `/api/visits/${v2.id}`, { token: office })).statusCode).toBe(200);
      expect(((await s.call('GET', `/api/jobs/${job2.id}`, { token: office })).json() as TJobDetail).job.status).toBe('new');
      board = (await s.call('GET', '/api/board?date=2026-11-24', { token: office })).json() as TBoard;
      expect(board.unallocated.map((j) => j.id)).toContain(job2.id);
    });

    it('shows tomorrow’s under-allocated engineers, days in the tenant’s time zone', async () => {
      const site = await buildSite(s, office, t.clientId);
      const job = await buildJob(s, office, site.id);
      // Friday 2026-11-27: a full 8-hour shift (08:00–16:00) for engineer 1, nothing for eng2.
      const fri = { startsAt: '2026-11-27T08:00:00.000Z', endsAt: '2026-11-27T16:00:00.000Z' };
      expect((await s.call('POST', '/api/visits', { token: office, body: { jobId: job.id, ...fri, engineerIds: [t.users.engineer.id] } })).statusCode).toBe(201);
      const board = (await s.call('GET', '/api/board?date=2026-11-27', { token: office })).json() as TBoard;
      const day = (id: string) => board.engineers.find((e) => e.id === id)?.days[0];
      expect(day(t.users.engineer.id)).toMatchObject({ capacityMinutes: 480, bookedMinutes: 480, underAllocated: false });
      expect(day(eng2)).toMatchObject({ capacityMinutes: 480, bookedMinutes: 0, underAllocated: true });

      // British Summer Time: 23:30 UTC on 1 July is 00:30 on 2 July in London.
      const late = await buildJob(s, office, site.id);
      await s.call('PATCH', `/api/engineers/${eng2}`, {
        token: office,
        body: { workingHours: { mon: null, tue: null, wed: { start: '00:00', end: '23:59' }, thu: { start: '00:00', end: '23:59' }, fri: null, sat: null, sun: null } },
      });
      const res = await s.call('POST', '/api/visits', { token: office, body: { jobId: late.id, startsAt: '2026-07-01T23:30:00.000Z', endsAt: '2026-07-02T00:30:00.000Z', engineerIds: [eng2] } });
      expect(res.statusCode).toBe(201);
      const week = (await s.call('GET', '/api/board?date=2026-07-01&days=2', { token: office })).json() as TBoard;
      const e2 = week.engineers.find((e) => e.id === eng2)!;
      expect(e2.days.map((d) => [d.date, d.bookedMinutes])).toEqual([
        ['2026-07-01', 0],
        ['2026-07-02', 60],
      ]);
    });
  });
}
