import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJob, TJobDetail, ZStoredRejection } from '@fieldkeep/domain';
import type { z } from 'zod';
import { parseConfig } from '../config/config.js';
import { headPosition } from '../replication/log.repository.js';
import { createReplicationToken } from '../replication/tokens.js';
import { startServer, type RunningServer } from '../server.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

/** Ids the client chooses (UUIDv7-shaped), distinct per dialect run and per call. */
let seq = 0;
const clientUuid = () => `01a30000-0000-7000-8000-${String(Date.now() % 1e6).padStart(6, '0')}${String(++seq).padStart(6, '0')}`;
const AT = '2026-11-23T10:15:00+01:00';

for (const dialect of DIALECTS) {
  describe(`job.create and job.setStatus mutations (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let eng = '';
    let siteId = '';
    let n = 0;
    const device = () => `office-${dialect}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'jobmut' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      siteId = (await buildSite(s, office, t.clientId, { name: 'Mutation Court' })).id;
    });
    afterAll(async () => s?.stop());

    const push = (token: string, clientId: string, mutations: unknown[]) => s.call('POST', '/api/sync/push', { token, body: { protocolVersion: 1, clientId, mutations } });
    const getJob = async (id: string) => {
      const res = await s.call('GET', `/api/jobs/${id}`, { token: office });
      return res.statusCode === 200 ? (res.json() as TJobDetail) : undefined;
    };
    const rejectionsOf = async (clientId: string) =>
      ((await s.call('GET', '/api/sync/rejections', { token: office })).json() as { rejections: Array<z.infer<typeof ZStoredRejection>> }).rejections.filter((r) => r.clientId === clientId);
    const createArgs = (overrides: Record<string, unknown> = {}) => ({ id: clientUuid(), siteId, description: 'Boiler lockout, no heating', jobType: 'repair', priority: 'high', at: AT, ...overrides });

    it('job.create raises the job under the client’s id with the primary’s next number, audited and in the change log', async () => {
      const before = await buildJob(s, office, siteId);
      const d = device();
      const args = createArgs({ targetDate: '2026-11-25', requiredSkills: ['gas', 'gas'], requiredEngineers: 2 });
      const res = await push(office, d, [{ id: 1, name: 'job.create', args }]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ lastMutationId: 1 });
      const detail = await getJob(args.id);
      expect(detail?.job).toMatchObject({
        id: args.id,
        number: before.number + 1,
        clientId: t.clientId,
        siteId,
        description: 'Boiler lockout, no heating',
        priority: 'high',
        targetDate: '2026-11-25',
        requiredSkills: ['gas'],
        requiredEngineers: 2,
        status: 'new',
      } satisfies Partial<TJob>);
      expect(await rejectionsOf(d)).toEqual([]);
      const audit = await s.ctx.database.db.selectFrom('audit_log').select(['action', 'actor_login', 'details']).where('subject', '=', args.id).execute();
      expect(audit.map((a) => ({ ...a, details: JSON.parse(a.details) as unknown }))).toEqual([
        { action: 'job.created', actor_login: t.users.office.login, details: { reference: detail!.job.reference, recordedAt: '2026-11-23T09:15:00.000Z' } },
      ]);
      const logged = await s.ctx.database.db.selectFrom('change_log').select(['entity', 'op']).where('entity_id', '=', args.id).execute();
      expect(logged).toEqual([{ entity: 'job', op: 'put' }]);
      // The same batch again (a lost answer): skipped, not a second job.
      expect((await push(office, d, [{ id: 1, name: 'job.create', args }])).json()).toMatchObject({ lastMutationId: 1 });
      expect((await s.call('GET', `/api/jobs?siteId=${siteId}&limit=100`, { token: office })).json<{ jobs: TJob[] }>().jobs.filter((j) => j.id === args.id)).toHaveLength(1);
    });

    it('job.create meets the same rules as POST /api/jobs: each refusal is kept as a rejection and the batch goes on', async () => {
      const otherSite = (await buildSite(s, office, t.clientId, { name: 'Other Place' })).id;
      const asset = (await s.call('POST', '/api/assets', { token: office, body: { siteId: otherSite, type: 'Boiler' } })).json<{ asset: { id: string } }>().asset;
      const d = device();
      const good = createArgs({ description: 'After the refusals' });
      const res = await push(office, d, [
        { id: 1, name: 'job.create', args: createArgs({ siteId: '01a30000-0000-7000-8000-000000000000' }) },
        { id: 2, name: 'job.create', args: createArgs({ assetId: asset.id }) },
        { id: 3, name: 'job.create', args: createArgs({ description: '   ' }) },
        { id: 4, name: 'job.create', args: createArgs({ priority: 'whenever' }) },
        { id: 5, name: 'job.create', args: good },
      ]);
      expect(res.json()).toMatchObject({ lastMutationId: 5 });
      const rejected = await rejectionsOf(d);
      expect(rejected.map((r) => [r.mutationId, r.code]).sort()).toEqual([
        [1, 'validation_failed'],
        [2, 'validation_failed'],
        [3, 'validation_failed'],
        [4, 'validation_failed'],
      ]);
      expect(rejected.find((r) => r.mutationId === 1)?.message).toBe('No such site.');
      expect(rejected.find((r) => r.mutationId === 2)?.message).toBe('No such asset on this site.');
      expect((await getJob(good.id))?.job.description).toBe('After the refusals');
    });

    it('job.create from an engineer is rejected as forbidden; nothing is raised', async () => {
      const d = device();
      const args = createArgs();
      const res = await push(eng, d, [{ id: 1, name: 'job.create', args }]);
      expect(res.json()).toMatchObject({ lastMutationId: 1 });
      const pulled = (await s.call('GET', `/api/sync/pull?clientId=${d}&cursor=`, { token: eng })).json<{ rejections: Array<{ code: string; message: string }> }>();
      expect(pulled.rejections).toEqual([expect.objectContaining({ code: 'forbidden', message: 'Only office staff can raise jobs.' })]);
      expect(await getJob(args.id)).toBeUndefined();
    });

    it('job.create with an id that exists already is rejected as duplicate_id and uses up no number', async () => {
      const d = device();
      const args = createArgs();
      await push(office, d, [{ id: 1, name: 'job.create', args }]);
      const first = (await getJob(args.id))!.job;
      const res = await push(office, d, [{ id: 2, name: 'job.create', args: { ...args, description: 'A second job with the same id' } }]);
      expect(res.json()).toMatchObject({ lastMutationId: 2 });
      expect((await rejectionsOf(d)).map((r) => r.code)).toEqual(['duplicate_id']);
      expect((await getJob(args.id))!.job.description).toBe(first.description);
      const next = await buildJob(s, office, siteId);
      expect(next.number).toBe(first.number + 1);
    });

    it('job.setStatus sets an office outcome with the same rules as the job page; the reason becomes an office-only note', async () => {
      const job = await buildJob(s, office, siteId);
      const d = device();
      const res = await push(office, d, [{ id: 1, name: 'job.setStatus', args: { jobId: job.id, status: 'cancelled', at: AT, reason: 'Tenant fixed it themselves' } }]);
      expect(res.json()).toMatchObject({ lastMutationId: 1 });
      expect(await rejectionsOf(d)).toEqual([]);
      const detail = (await getJob(job.id))!;
      expect(detail.job.status).toBe('cancelled');
      expect(detail.notes).toEqual([expect.objectContaining({ text: 'Cancelled: Tenant fixed it themselves', clientVisible: false, at: '2026-11-23T09:15:00.000Z' })]);
      const audit = await s.ctx.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject', '=', job.id).where('action', '=', 'job.status_changed').execute();
      expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ from: 'new', to: 'cancelled', recordedAt: '2026-11-23T09:15:00.000Z' }]);
      const logged = await s.ctx.database.db.selectFrom('change_log').select(['entity', 'data']).where('entity_id', '=', job.id).orderBy('position', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(logged.data)).toMatchObject({ status: 'cancelled' });
    });

    it('job.setStatus: a job that moved on meanwhile is a rejection invalid_transition that says why — not merged', async () => {
      const job = await buildJob(s, office, siteId);
      await s.call('POST', '/api/visits', { token: office, body: { jobId: job.id, startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-23T11:00:00Z', engineerIds: [t.users.engineer.id] } });
      // Completed at the office (on the primary) while the replica's "cancel" was waiting.
      expect((await s.call('PATCH', `/api/jobs/${job.id}`, { token: office, body: { status: 'completed' } })).statusCode).toBe(200);
      const d = device();
      const res = await push(office, d, [{ id: 1, name: 'job.setStatus', args: { jobId: job.id, status: 'cancelled', at: AT, reason: 'No longer needed' } }]);
      expect(res.json()).toMatchObject({ lastMutationId: 1 });
      const [r] = await rejectionsOf(d);
      expect(r).toMatchObject({ mutationId: 1, name: 'job.setStatus', code: 'invalid_transition', args: { jobId: job.id, status: 'cancelled' } });
      expect(r!.message).toBe(`${job.reference} is “Completed” now, so it cannot become “Cancelled”: it changed after this was recorded. Open the job and decide again.`);
      const detail = (await getJob(job.id))!;
      expect(detail.job.status).toBe('completed');
      // Nothing of the refused change stays, not even its reason note.
      expect(detail.notes).toEqual([]);
    });

    it('job.setStatus: only the office outcomes, only from office staff, and the same outcome twice is no conflict', async () => {
      const job = await buildJob(s, office, siteId);
      const d = device();
      const res = await push(office, d, [
        { id: 1, name: 'job.setStatus', args: { jobId: job.id, status: 'scheduled', at: AT } },
        { id: 2, name: 'job.setStatus', args: { jobId: '01a30000-0000-7000-8000-00000000dead', status: 'cancelled', at: AT } },
        { id: 3, name: 'job.setStatus', args: { jobId: job.id, status: 'completed', at: AT } },
        { id: 4, name: 'job.setStatus', args: { jobId: job.id, status: 'cancelled', at: AT } },
        { id: 5, name: 'job.setStatus', args: { jobId: job.id, status: 'cancelled', at: AT } },
      ]);
      expect(res.json()).toMatchObject({ lastMutationId: 5 });
      expect((await rejectionsOf(d)).map((r) => [r.mutationId, r.code]).sort()).toEqual([
        [1, 'validation_failed'],
        [2, 'not_found'],
        [3, 'invalid_transition'],
      ]);
      expect((await getJob(job.id))!.job.status).toBe('cancelled');

      const other = await buildJob(s, office, siteId);
      const e = device();
      await push(eng, e, [{ id: 1, name: 'job.setStatus', args: { jobId: other.id, status: 'cancelled', at: AT } }]);
      const pulled = (await s.call('GET', `/api/sync/pull?clientId=${e}&cursor=`, { token: eng })).json<{ rejections: Array<{ code: string }> }>();
      expect(pulled.rejections.map((r) => r.code)).toEqual(['forbidden']);
      expect((await getJob(other.id))!.job.status).toBe('new');
    });
  });

  describe(`job mutations queued on an office replica (primary on ${dialect})`, () => {
    let p: TestServer;
    let t: BuiltTenant;
    let office = '';
    let replica: RunningServer | undefined;
    let replicaDir = '';
    let siteId = '';

    beforeAll(async () => {
      p = await startTestServer(dialect, { label: 'jobmut-repl', listen: true });
      t = await buildTenant(p);
      office = await p.signIn(t.users.office.login, TEST_PASSWORD);
      siteId = (await buildSite(p, office, t.clientId)).id;
      const token = (await createReplicationToken(p.ctx.database.db, 'test', new Date().toISOString())).token;
      replicaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-jobmut-replica-'));
      const config = parseConfig({ FIELDKEEP_DATA_DIR: replicaDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
      replica = await startServer(config, {
        replica: { primaryUrl: p.url, token, everyMs: undefined, name: 'job mutations replica' },
        log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
        officeDist: '/nonexistent',
        fieldDist: '/nonexistent',
      });
      await until('the replica to catch up', async () => (replica!.hub.state.replica?.cursor ?? -1) >= (await headPosition(p.ctx.database.read)));
    });
    afterAll(async () => {
      await replica?.close();
      await p?.stop();
      fs.rmSync(replicaDir, { recursive: true, force: true });
    });

    const onReplica = async (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
      replica!.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });

    it('queues a new job and a status change on the replica; the primary numbers the job, refuses what moved on, and both come back', async () => {
      const login = await onReplica('POST', '/api/auth/login', '', { email: t.users.office.login, password: TEST_PASSWORD });
      const rOffice = login.json<{ token: string }>().token;
      const completed = await buildJob(p, office, siteId);
      await p.call('POST', '/api/visits', { token: office, body: { jobId: completed.id, startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-23T11:00:00Z', engineerIds: [t.users.engineer.id] } });
      await p.call('PATCH', `/api/jobs/${completed.id}`, { token: office, body: { status: 'completed' } });

      const jobId = clientUuid();
      const q1 = await onReplica('POST', '/api/replica/queue', rOffice, {
        name: 'job.create',
        args: { id: jobId, siteId, description: 'Raised during the outage', jobType: 'repair', at: AT },
        summary: 'New job: Raised during the outage',
      });
      expect(q1.statusCode, q1.body).toBe(201);
      const q2 = await onReplica('POST', '/api/replica/queue', rOffice, {
        name: 'job.setStatus',
        args: { jobId: completed.id, status: 'cancelled', at: AT },
        summary: `Cancel ${completed.reference}`,
      });
      expect(q2.statusCode, q2.body).toBe(201);

      await until('both queued items to be answered', async () => {
        const items = (await onReplica('GET', '/api/replica/queue', rOffice)).json<{ items: Array<{ state: string }> }>().items;
        return items.length === 2 && items.every((i) => i.state !== 'queued');
      });
      const items = (await onReplica('GET', '/api/replica/queue', rOffice)).json<{ items: Array<{ name: string; state: string; resultCode: string | null; resultMessage: string | null }> }>().items;
      expect(items.find((i) => i.name === 'job.create')).toMatchObject({ state: 'applied' });
      expect(items.find((i) => i.name === 'job.setStatus')).toMatchObject({ state: 'rejected', resultCode: 'invalid_transition', resultMessage: expect.stringContaining('“Completed” now') as unknown });

      const onPrimary = (await p.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail;
      expect(onPrimary.job).toMatchObject({ description: 'Raised during the outage', number: completed.number + 1, status: 'new' });
      // Replicated back: the replica now shows the job with the primary's number.
      await until('the new job to reach the replica', async () => (await onReplica('GET', `/api/jobs/${jobId}`, rOffice)).statusCode === 200);
      expect(((await onReplica('GET', `/api/jobs/${jobId}`, rOffice)).json() as TJobDetail).job.reference).toBe(onPrimary.job.reference);
    });
  });
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
