import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TChange, TJobDetail, TPullResponse } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite, buildWarning } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const uuid = (n: number) => `01a20000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const TODAY = { startsAt: '2026-11-23T10:00:00.000Z', endsAt: '2026-11-23T12:00:00.000Z' };

for (const dialect of DIALECTS) {
  describe(`sync protocol v1: push and pull (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let eng = '';
    let eng2Id = '';
    let eng2 = '';
    let jobId = '';
    let visitId = '';
    let siteId = '';
    let n = 0;
    const device = () => `dev-${dialect}-${++n}`;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'sync' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const u = await s.call('POST', '/api/users', { token: admin, body: { name: 'Other Engineer', login: `eng2-${dialect}`, role: 'engineer', password: TEST_PASSWORD } });
      eng2Id = u.json<{ user: { id: string } }>().user.id;
      eng2 = await s.signIn(`eng2-${dialect}`, TEST_PASSWORD);
      siteId = (await buildSite(s, office, t.clientId, { name: 'Sync House' })).id;
      await buildWarning(s, office, siteId, 'aggressive_animal', { text: 'Dog: ring first' });
      await buildWarning(s, office, siteId, 'vulnerable_occupant', { text: 'Office only', visibleToEngineers: false });
      jobId = (await buildJob(s, office, siteId)).id;
      const v = await s.call('POST', '/api/visits', { token: office, body: { jobId, ...TODAY, engineerIds: [t.users.engineer.id] } });
      visitId = v.json<{ visit: { id: string } }>().visit.id;
    });
    afterAll(async () => s?.stop());

    const push = (token: string, clientId: string, mutations: unknown[]) => s.call('POST', '/api/sync/push', { token, body: { protocolVersion: 1, clientId, mutations } });
    const pullPage = async (token: string, clientId: string, cursor: string, extra = '') =>
      (await s.call('GET', `/api/sync/pull?clientId=${clientId}&cursor=${encodeURIComponent(cursor)}${extra}`, { token })).json() as TPullResponse;
    const pullAll = async (token: string, clientId: string, cursor = '', extra = '') => {
      const changes: TChange[] = [];
      let page: TPullResponse;
      do {
        page = await pullPage(token, clientId, cursor, extra);
        changes.push(...page.changes);
        cursor = page.cursor;
      } while (page.hasMore);
      return { ...page, cursor, changes };
    };
    const note = (id: number, text: string) => ({ id, name: 'jobNote.add', args: { id: uuid(id + 1000 * n), jobId, text, at: '2026-11-23T10:30:00+01:00' } });
    const jobNotes = async () => ((await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail).notes;

    it('applies a batch once: the same batch again is skipped, and the answer says how far it got', async () => {
      const d = device();
      const batch = [note(1, 'Arrived, tenant in'), note(2, 'Replaced washer')];
      const first = await push(eng, d, batch);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ lastMutationId: 2, cursor: expect.stringMatching(/^p\d+$/) as unknown });
      const again = await push(eng, d, batch);
      expect(again.json()).toMatchObject({ lastMutationId: 2 });
      const texts = (await jobNotes()).map((x) => x.text);
      expect(texts.filter((x) => x === 'Replaced washer')).toHaveLength(1);
      // The phone's own time, normalised to UTC.
      expect((await jobNotes()).find((x) => x.text === 'Replaced washer')?.at).toBe('2026-11-23T09:30:00.000Z');
    });

    it('answers out_of_order for a gap, applying nothing, and says which id comes next', async () => {
      const d = device();
      expect((await push(eng, d, [note(1, 'one')])).statusCode).toBe(200);
      const gap = await push(eng, d, [note(3, 'three')]);
      expect(gap.statusCode).toBe(409);
      expect(gap.json()).toMatchObject({ error: { code: 'out_of_order' }, lastMutationId: 1 });
      expect((await jobNotes()).some((x) => x.text === 'three')).toBe(false);
    });

    it('keeps a refused mutation whole as a rejection, moves on, and delivers it until acknowledged', async () => {
      const d = device();
      const bad = { id: 1, name: 'visit.setStatus', args: { visitId, status: 'completed', at: '2026-11-23T10:00:00Z' } }; // scheduled → completed is not allowed
      const res = await push(eng, d, [bad, note(2, 'after the refusal')]);
      expect(res.json()).toMatchObject({ lastMutationId: 2 });
      expect((await jobNotes()).some((x) => x.text === 'after the refusal')).toBe(true);
      const pulled = await pullAll(eng, d);
      expect(pulled.rejections).toEqual([expect.objectContaining({ mutationId: 1, name: 'visit.setStatus', code: 'invalid_transition', args: bad.args })]);
      const office = await s.call('GET', '/api/sync/rejections', { token: await s.signIn(t.users.office.login, TEST_PASSWORD) });
      expect((office.json() as { rejections: Array<{ clientId: string; args: unknown }> }).rejections.some((r) => r.clientId === d)).toBe(true);
      const acked = await pullAll(eng, d, pulled.cursor, '&ackRejections=1');
      expect(acked.rejections).toEqual([]);
    });

    it('keeps an unknown mutation on the phone (422) after applying the ones before it', async () => {
      const d = device();
      const res = await push(eng, d, [note(1, 'before the new kind'), { id: 2, name: 'quote.create', args: {} }, note(3, 'after')]);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'unsupported_mutation' }, lastMutationId: 1, mutationId: 2 });
      expect((await jobNotes()).some((x) => x.text === 'before the new kind')).toBe(true);
      expect((await jobNotes()).some((x) => x.text === 'after')).toBe(false);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const devices = (await s.call('GET', '/api/devices', { token: admin })).json() as { devices: Array<{ clientId: string; lastError: string | null }> };
      expect(devices.devices.find((x) => x.clientId === d)?.lastError).toMatch(/quote.create/);
    });

    it('binds a device id to the user who first used it', async () => {
      const d = device();
      await push(eng, d, [note(1, 'mine')]);
      const other = await push(eng2, d, []);
      expect(other.statusCode).toBe(403);
      expect((await s.call('GET', `/api/sync/pull?clientId=${d}&cursor=`, { token: eng2 })).statusCode).toBe(403);
    });

    it('walks a visit through the state machine from the phone; the office sees the job in progress, arrival times kept', async () => {
      const d = device();
      const res = await push(eng, d, [
        { id: 1, name: 'visit.setStatus', args: { visitId, status: 'travelling', at: '2026-11-23T09:40:00Z' } },
        { id: 2, name: 'visit.setStatus', args: { visitId, status: 'on_site', at: '2026-11-23T10:02:00Z' } },
      ]);
      expect(res.json()).toMatchObject({ lastMutationId: 2 });
      const detail = (await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail;
      expect(detail.job.status).toBe('in_progress');
      expect(detail.visits[0]?.status).toBe('on_site');
      const arrived = await s.ctx.database.db.selectFrom('visit_engineers').select('arrived_at').where('visit_id', '=', visitId).executeTakeFirstOrThrow();
      expect(arrived.arrived_at).toBe('2026-11-23T10:02:00.000Z');
      const abort = await push(eng, d, [{ id: 3, name: 'visit.setStatus', args: { visitId, status: 'aborted', at: '2026-11-23T10:05:00Z' } }]);
      expect(abort.json()).toMatchObject({ lastMutationId: 3 });
      expect((await pullAll(eng, d)).rejections.map((r) => r.code)).toEqual(['reason_required']);
    });

    it('pulls the engineer’s day: visits, job, site, engineer-visible warnings, forms and activity types — nothing of others', async () => {
      const otherJob = (await buildJob(s, office, siteId)).id;
      await s.call('POST', '/api/visits', { token: office, body: { jobId: otherJob, startsAt: '2026-11-24T13:00:00Z', endsAt: '2026-11-24T14:00:00Z', engineerIds: [eng2Id] } });
      const d = device();
      const { changes } = await pullAll(eng, d);
      const of = (e: string) => changes.filter((c) => c.entity === e);
      expect(of('visit').map((c) => c.id)).toEqual([visitId]);
      expect(of('job').map((c) => c.id)).toEqual([jobId]);
      expect(of('site').map((c) => c.id)).toEqual([siteId]);
      expect(of('warning').map((c) => (c.data as { text: string }).text)).toEqual(['Dog: ring first']);
      expect(of('form').map((c) => (c.data as { kind: string }).kind).sort()).toEqual(['health_safety', 'job_completion', 'risk_assessment', 'start_of_day']);
      // The visit names the forms it needs by the tenant's rules: the risk assessment and the job
      // completion at every visit (no infection-risk warning here, so not the infection-control one).
      const formKind = new Map(of('form').map((c) => [c.id, (c.data as { kind: string }).kind]));
      const visitForms = (of('visit')[0]!.data as { formIds: string[] }).formIds.map((id) => formKind.get(id)).sort();
      expect(visitForms).toEqual(['job_completion', 'risk_assessment']);
      expect(of('activityType').length).toBeGreaterThan(3);
      expect(changes.every((c) => c.op === 'put')).toBe(true);
    });

    it('sends only what changed, and a delete when something leaves the scope without any write (warning expiry)', async () => {
      const d = device();
      const first = await pullAll(eng, d);
      expect((await pullAll(eng, d, first.cursor)).changes).toEqual([]);
      const until = new Date(s.clock.now().getTime() + 30 * 60_000).toISOString();
      const w = await buildWarning(s, office, siteId, 'asbestos_present', { text: 'Loft boarding', validUntil: until });
      const added = await pullAll(eng, d, first.cursor);
      expect(added.changes).toEqual([expect.objectContaining({ entity: 'warning', id: w.id, op: 'put' })]);
      s.clock.advance(31 * 60_000);
      const expired = await pullAll(eng, d, added.cursor);
      expect(expired.changes).toEqual([{ entity: 'warning', id: w.id, op: 'delete', data: null }]);
    });

    it('removes a reallocated visit from the old engineer’s phone and gives it to the new one', async () => {
      const job = (await buildJob(s, office, siteId)).id;
      const v = (await s.call('POST', '/api/visits', { token: office, body: { jobId: job, startsAt: '2026-11-24T09:00:00Z', endsAt: '2026-11-24T10:00:00Z', engineerIds: [t.users.engineer.id] } })).json<{ visit: { id: string } }>().visit.id;
      const d1 = device();
      const d2 = device();
      const a1 = await pullAll(eng, d1);
      const b1 = await pullAll(eng2, d2);
      expect(a1.changes.some((c) => c.id === v)).toBe(true);
      expect((await s.call('PATCH', `/api/visits/${v}`, { token: office, body: { engineerIds: [eng2Id] } })).statusCode).toBe(200);
      const a2 = await pullAll(eng, d1, a1.cursor);
      expect(a2.changes).toEqual(expect.arrayContaining([{ entity: 'visit', id: v, op: 'delete', data: null }]));
      const b2 = await pullAll(eng2, d2, b1.cursor);
      expect(b2.changes.some((c) => c.entity === 'visit' && c.id === v && c.op === 'put')).toBe(true);
    });

    it('sends a page again when its answer was lost (the old cursor is repeated); an unknown cursor resets', async () => {
      const d = device();
      const first = await pullAll(eng, d);
      await s.call('POST', `/api/jobs/${jobId}/notes`, { token: office, body: { text: 'Office: parts in the van' } });
      const lost = await pullAll(eng, d, first.cursor);
      expect(lost.changes.map((c) => c.entity)).toEqual(['jobNote']);
      // The phone never got `lost`: it asks again from the cursor it holds.
      const again = await pullAll(eng, d, first.cursor);
      expect(again.changes).toEqual(lost.changes);
      const reset = await pullPage(eng, d, 'g999.p1');
      expect(reset).toMatchObject({ reset: true, cursor: '' });
    });

    it('pages a large scope with hasMore, every record exactly once', async () => {
      const d = device();
      const base = await pullAll(eng, d);
      const rows = Array.from({ length: 620 }, (_, i) => ({
        id: uuid(900_000 + i),
        tenant_id: t.tenant.id,
        job_id: jobId,
        text: `bulk ${i}`,
        client_visible: 0,
        author_id: null,
        author_name: 'Office',
        at: '2026-11-23T08:00:00.000Z',
      }));
      for (let i = 0; i < rows.length; i += 100) await s.ctx.database.db.insertInto('job_notes').values(rows.slice(i, i + 100)).execute();
      const first = await pullPage(eng, d, base.cursor);
      expect(first.hasMore).toBe(true);
      const rest = await pullAll(eng, d, first.cursor);
      const ids = [...first.changes, ...rest.changes].filter((c) => c.entity === 'jobNote').map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id.startsWith('01a20000-0000-7000-8000-0000009'))).toHaveLength(620);
    });

    it('lets a revoked device push what it holds, then answers device_revoked and ends that sign-in', async () => {
      const d = device();
      const eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      await push(eng, d, [note(1, 'before revoke')]);
      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      expect((await s.call('POST', `/api/devices/${d}/revoke`, { token: admin, body: {} })).statusCode).toBe(200);
      const pending = await push(eng, d, [note(2, 'held while revoked')]);
      expect(pending.statusCode).toBe(200);
      expect((await jobNotes()).some((x) => x.text === 'held while revoked')).toBe(true);
      const empty = await push(eng, d, []);
      expect(empty.statusCode).toBe(401);
      expect(empty.json()).toMatchObject({ error: { code: 'device_revoked' } });
      // Told it is revoked, the phone's sign-in ends with it: the same token opens nothing any more.
      expect((await s.call('GET', `/api/sync/pull?clientId=${d}&cursor=`, { token: eng })).json()).toMatchObject({ error: { code: 'unauthenticated' } });
    });

    it('refuses an over-long batch with a clear code and stores nothing', async () => {
      const d = device();
      const many = Array.from({ length: 201 }, (_, i) => note(i + 1, `n${i}`));
      const res = await push(eng, d, many);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed' } });
      expect((await jobNotes()).some((x) => x.text === 'n0')).toBe(false);
    });
  });
}
