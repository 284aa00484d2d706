import type { TAuditEntry, TCatchupEntry, TCatchupOutcome, TCatchupResult } from '@fieldkeep/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

// The test clock is Monday 2026-11-23 09:00 UTC; the tenant is in Europe/London (UTC in November).
const DAY = '2026-11-23';

for (const dialect of DIALECTS) {
  describe(`catch-up after an outage (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let eng = '';
    let jobId = '';
    let jobRef = '';
    let quietJobRef = '';
    let visitId = '';
    let quietVisitId = '';
    let travelId = '';
    let partsId = '';
    let mutation = 0;

    const push = async (name: string, args: Record<string, unknown>) => {
      const res = await s.call('POST', '/api/sync/push', { token: eng, body: { protocolVersion: 1, clientId: 'catchup-phone', mutations: [{ id: ++mutation, name, args }] } });
      expect(res.statusCode, res.body).toBe(200);
    };
    const preview = async (entries: TCatchupEntry[]) => {
      const res = await s.call('POST', '/api/catchup/preview', { token: office, body: { entries } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<TCatchupResult>();
    };
    const commit = (entries: TCatchupEntry[], token = office) => s.call('POST', '/api/catchup/commit', { token, body: { entries } });
    const count = async (table: 'job_notes' | 'time_entries' | 'audit_log') => Number((await s.ctx.database.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const times = async (id: string) =>
      s.ctx.database.db.selectFrom('visit_engineers as ve').innerJoin('visits as v', 'v.id', 've.visit_id').select(['v.status', 've.arrived_at', 've.departed_at']).where('ve.visit_id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'catchup' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const site = await buildSite(s, office, t.clientId, { name: '12 High Street' });
      const job = await buildJob(s, office, site.id);
      const quiet = await buildJob(s, office, site.id, { description: 'Gutter clearance' });
      jobId = job.id;
      jobRef = job.reference;
      quietJobRef = quiet.reference;
      const book = async (id: string, startsAt: string, endsAt: string) => {
        const r = await s.call('POST', '/api/visits', { token: office, body: { jobId: id, startsAt, endsAt, engineerIds: [t.users.engineer.id] } });
        expect(r.statusCode, r.body).toBe(201);
        return r.json<{ visit: { id: string } }>().visit.id;
      };
      visitId = await book(jobId, `${DAY}T10:00:00.000Z`, `${DAY}T12:00:00.000Z`);
      quietVisitId = await book(quiet.id, `${DAY}T14:00:00.000Z`, `${DAY}T15:00:00.000Z`);
      const types = (await s.call('GET', '/api/activity-types', { token: office })).json<{ activityTypes: Array<{ id: string; name: string }> }>().activityTypes;
      travelId = types[0]!.id;
      partsId = types[1]!.id;

      // Meanwhile the engineer's phone, which had signal, synced its own record of the day.
      await push('visit.setStatus', { visitId, status: 'on_site', at: `${DAY}T10:05:00Z` });
      await push('visit.setStatus', { visitId, status: 'completed', at: `${DAY}T11:42:00Z` });
      await push('jobNote.add', { id: '019a0000-0000-7000-8000-0000000000c1', jobId, text: 'Replaced the washer on the kitchen tap.', at: `${DAY}T11:30:00Z` });
      await push('timeEntry.add', { id: '019a0000-0000-7000-8000-0000000000c2', activityTypeId: travelId, startedAt: `${DAY}T13:00:00Z`, endedAt: `${DAY}T13:30:00Z` });
    });
    afterAll(async () => s?.stop());

    const paperDay = (): TCatchupEntry[] => [
      { kind: 'note', job: jobRef, paperDate: DAY, time: '11:25', engineerId: t.users.engineer.id, text: '  Replaced the washer on the  kitchen tap. ' },
      { kind: 'note', job: jobRef.replace('J-', ''), paperDate: DAY, text: 'Customer asked for a quote for a new mixer tap.' },
      { kind: 'visit', job: jobRef, paperDate: DAY, engineerId: t.users.engineer.id, arrived: '10:10', departed: '11:30', status: 'completed' },
      { kind: 'time', paperDate: DAY, engineerId: t.users.engineer.id, activityTypeId: travelId, started: '13:00', ended: '13:30' },
      { kind: 'time', paperDate: DAY, engineerId: t.users.engineer.id, activityTypeId: partsId, started: '13:15', ended: '14:00', note: 'Merchant, for washers' },
      { kind: 'visit', job: quietJobRef, paperDate: DAY, engineerId: t.users.engineer.id, arrived: '14:05', departed: '14:50', status: 'completed' },
      { kind: 'note', job: 'J-999999', paperDate: DAY, text: 'A sheet for a job that does not exist.' },
    ];

    it('previews each paper entry against what phones synced: new, same, conflict (side by side) and invalid; writes nothing', async () => {
      const before = [await count('job_notes'), await count('time_entries'), await count('audit_log')];
      const r = await preview(paperDay());
      expect(r.entries.map((e) => e.outcome)).toEqual(['conflict', 'new', 'conflict', 'same', 'conflict', 'new', 'invalid']);
      expect(r.counts).toMatchObject({ new: 2, same: 1, conflict: 3, invalid: 1 });

      const [dupNote, , visit, , time, quiet, bad] = r.entries as TCatchupOutcome[];
      expect(dupNote!.conflict!.choices).toEqual(['keep_synced', 'keep_both']);
      expect(dupNote!.conflict!.fields.find((f) => f.field === 'text')).toMatchObject({ synced: 'Replaced the washer on the kitchen tap.', differs: true });
      expect(visit!.visitId).toBe(visitId);
      expect(visit!.conflict!.choices).toEqual(['keep_synced', 'apply_paper', 'keep_both']);
      expect(visit!.conflict!.fields).toEqual([
        { field: 'arrivedAt', label: 'Arrived', format: 'time', synced: `${DAY}T10:05:00.000Z`, paper: `${DAY}T10:10:00.000Z`, differs: true },
        { field: 'departedAt', label: 'Left', format: 'time', synced: `${DAY}T11:42:00.000Z`, paper: `${DAY}T11:30:00.000Z`, differs: true },
        { field: 'status', label: 'Status', format: 'status', synced: 'completed', paper: 'completed', differs: false },
      ]);
      expect(time!.conflict!.fields[0]).toMatchObject({ field: 'activityTypeId', differs: true });
      expect(time!.conflict!.message).toMatch(/already has .* 13:00–13:30 synced/);
      expect(quiet!.visitId).toBe(quietVisitId);
      expect(bad!.problems).toEqual([{ field: 'job', message: expect.stringMatching(/^No job J-999999/) }]);
      expect([await count('job_notes'), await count('time_entries'), await count('audit_log')]).toEqual(before);
    });

    it('refuses a commit with a clash nobody decided (409, each entry listed) or an invalid entry (400), writing nothing', async () => {
      const before = [await count('job_notes'), await count('time_entries'), await count('audit_log')];
      const invalid = await commit(paperDay());
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ error: { code: 'validation_failed', issues: [{ path: 'body.entries.6.job' }] } });
      const undecided = await commit(paperDay().slice(0, 6));
      expect(undecided.statusCode).toBe(409);
      const body = undecided.json<{ error: { code: string; message: string }; entries: TCatchupOutcome[] }>();
      expect(body.error.code).toBe('conflict');
      expect(body.error.message).toMatch(/^3 entries clash/);
      expect(body.entries.filter((e) => e.conflict).map((e) => e.index)).toEqual([0, 2, 4]);
      expect([await count('job_notes'), await count('time_entries'), await count('audit_log')]).toEqual(before);
      expect(await times(visitId)).toEqual({ status: 'completed', arrived_at: `${DAY}T10:05:00.000Z`, departed_at: `${DAY}T11:42:00.000Z` });
    });

    it('office and admin only', async () => {
      for (const token of [eng, await s.signIn(t.users.client.login, TEST_PASSWORD)]) {
        expect((await s.call('POST', '/api/catchup/preview', { token, body: { entries: paperDay().slice(0, 1) } })).statusCode).toBe(403);
        expect((await commit(paperDay().slice(1, 2), token)).statusCode).toBe(403);
      }
    });

    it('applies each choice, all in one go, and marks every entry "entered after the outage" in the audit log', async () => {
      const entries = paperDay().slice(0, 6);
      const r = await preview(entries);
      const choose = (i: number, choice: 'keep_synced' | 'apply_paper' | 'keep_both') => (entries[i]!.resolution = { choice, token: r.entries[i]!.conflict!.token });
      choose(0, 'keep_synced');
      choose(2, 'apply_paper');
      choose(4, 'keep_both');
      const notesBefore = await count('job_notes');
      const timeBefore = await count('time_entries');
      const res = await commit(entries);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<TCatchupResult>().entries.map((e) => e.outcome)).toEqual(['skipped', 'applied', 'applied', 'skipped', 'applied', 'applied']);

      expect(await count('job_notes')).toBe(notesBefore + 1);
      expect(await count('time_entries')).toBe(timeBefore + 1);
      // The paper's times replaced the phone's (which stay in the audit entry).
      const v = await times(visitId);
      expect([v.status, v.arrived_at?.slice(0, 16), v.departed_at?.slice(0, 16)]).toEqual(['completed', `${DAY}T10:10`, `${DAY}T11:30`]);
      const quiet = await times(quietVisitId);
      expect([quiet.status, quiet.arrived_at?.slice(0, 16), quiet.departed_at?.slice(0, 16)]).toEqual(['completed', `${DAY}T14:05`, `${DAY}T14:50`]);
      const detail = (await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json<{ notes: Array<{ text: string; authorName: string; at: string }> }>();
      expect(detail.notes.filter((n) => n.text.startsWith('Replaced the washer'))).toHaveLength(1);
      expect(detail.notes.find((n) => n.text.startsWith('Customer asked'))).toMatchObject({ authorName: 'Paper job sheet', at: `${DAY}T12:00:00.000Z` });

      const admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      const audit = (await s.call('GET', '/api/audit?limit=20', { token: admin })).json<{ entries: TAuditEntry[] }>().entries.filter((e) => e.details.enteredAfterOutage === true);
      expect(audit.map((e) => e.action).sort()).toEqual(['job_note.added', 'time_entry.added', 'visit.updated', 'visit.updated']);
      for (const e of audit) expect(e.details).toMatchObject({ enteredAfterOutage: true, paperDate: DAY, enteredBy: `office of ${t.tenant.slug}` });
      const visitAudit = audit.find((e) => e.subject === visitId)!;
      expect(visitAudit.details).toMatchObject({ resolution: 'apply_paper', before: { arrivedAt: `${DAY}T10:05:00.000Z`, departedAt: `${DAY}T11:42:00.000Z` } });

      // Entered again, the same sheet is now the same as the system: nothing to do.
      const again = await preview(paperDay().slice(2, 3));
      expect(again.entries[0]!.outcome).toBe('same');
    });

    it('refuses a choice made for values that changed since (the phone synced again), and keeps both when told', async () => {
      const entry: TCatchupEntry = { kind: 'note', job: jobRef, paperDate: DAY, text: 'Replaced the washer on the kitchen tap.' };
      const r = await preview([entry]);
      const token = r.entries[0]!.conflict!.token;
      await push('jobNote.add', { id: '019a0000-0000-7000-8000-0000000000c3', jobId, text: 'replaced the washer on the kitchen tap.', at: `${DAY}T11:31:00Z` });
      const stale = await commit([{ ...entry, resolution: { choice: 'keep_both', token } }]);
      expect(stale.statusCode).toBe(409);
      const fresh = stale.json<{ entries: TCatchupOutcome[] }>().entries[0]!.conflict!.token;
      expect(fresh).not.toBe(token);
      const ok = await commit([{ ...entry, resolution: { choice: 'keep_both', token: fresh } }]);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json<TCatchupResult>().entries[0]!.outcome).toBe('applied');
    });

    it('keeps the phone’s visit values and adds the paper ones as a job note when told to keep both', async () => {
      const entry: TCatchupEntry = { kind: 'visit', job: jobRef, paperDate: DAY, engineerId: t.users.engineer.id, arrived: '09:58', departed: '11:20' };
      const r = await preview([entry]);
      expect(r.entries[0]!.outcome).toBe('conflict');
      const res = await commit([{ ...entry, resolution: { choice: 'keep_both', token: r.entries[0]!.conflict!.token } }]);
      expect(res.statusCode, res.body).toBe(200);
      const v = await times(visitId);
      expect([v.arrived_at?.slice(0, 16), v.departed_at?.slice(0, 16)]).toEqual([`${DAY}T10:10`, `${DAY}T11:30`]);
      const notes = (await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json<{ notes: Array<{ text: string }> }>().notes;
      expect(notes.some((n) => n.text === `Paper job sheet of 23/11/2026 (engineer of ${t.tenant.slug}): arrived 09:58, left 11:20, —. Recorded by the phone: arrived 10:10, left 11:30, completed.`)).toBe(true);
    });

    it('reads a CSV of paper entries (people by sign-in name, activities by name, UK dates) and reports bad rows, using none', async () => {
      const csv = [
        'Kind,Paper date,Job,Engineer,Arrived,Departed,Status,Reason,Activity,Started,Ended,Text',
        `note,23/11/2026,${jobRef},${t.users.engineer.login},,,,,,9:40,,"Tap still drips, ""needs"" a new cartridge"`,
        `time,2026-11-23,,${t.users.engineer.login},,,,,${'"'}Collecting parts${'"'},16:00,16:30,Cartridge`,
      ].join('\r\n');
      const types = (await s.call('GET', '/api/activity-types', { token: office })).json<{ activityTypes: Array<{ id: string; name: string }> }>().activityTypes;
      const named = types.find((x) => x.id === partsId)!.name;
      const res = await s.call('POST', '/api/catchup/csv', { token: office, body: { csv: csv.replace('Collecting parts', named) } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ entries: TCatchupEntry[]; preview: TCatchupResult }>();
      expect(body.entries).toEqual([
        { kind: 'note', job: jobRef, paperDate: DAY, engineerId: t.users.engineer.id, time: '09:40', text: 'Tap still drips, "needs" a new cartridge', clientVisible: false },
        { kind: 'time', paperDate: DAY, engineerId: t.users.engineer.id, activityTypeId: partsId, started: '16:00', ended: '16:30', note: 'Cartridge' },
      ]);
      expect(body.preview.entries.map((e) => e.outcome)).toEqual(['new', 'new']);

      const bad = await s.call('POST', '/api/catchup/csv', {
        token: office,
        body: { csv: 'kind,paper_date,job,engineer,started,ended\r\nvisit,32/13/2026,J-1,nobody,,\r\nlunch,2026-11-23,,,,\r\ntime,2026-11-23,,' + t.users.engineer.login + ',10:00,\r\n' },
      });
      expect(bad.statusCode).toBe(422);
      const rows = bad.json<{ error: { code: string }; rows: Array<{ row: number; errors: Array<{ column: string; message: string }> }> }>();
      expect(rows.error.code).toBe('import_invalid');
      expect(rows.rows.map((r) => r.row)).toEqual([2, 3, 4]);
      expect(rows.rows[0]!.errors.map((e) => e.column).sort()).toEqual(['engineer', 'paper_date']);
      expect(rows.rows[1]!.errors).toEqual([{ column: 'kind', message: '"lunch" is not a kind of entry: write note, visit or time.' }]);
      expect(rows.rows[2]!.errors.map((e) => e.column)).toEqual(expect.arrayContaining(['activity', 'ended']));
    });
  });
}
