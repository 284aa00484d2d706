import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TFormDefinition, TFormDetail, TFormSummary, TJobDetail, TPullResponse } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite, buildWarning } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const uuid = (n: number) => `01a50000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const SOD_V1 = { vehicle_ok: true, ppe_ok: true, symptoms: false };

for (const dialect of DIALECTS) {
  describe(`configurable forms on the server (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let eng = '';
    let forms: TFormSummary[] = [];
    let jobId = '';
    let visitId = '';
    let n = 0;
    const formOf = (kind: string) => forms.find((f) => f.kind === kind)!;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'forms' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      forms = (await s.call('GET', '/api/forms', { token: office })).json<{ forms: TFormSummary[] }>().forms;
      const site = await buildSite(s, office, t.clientId, { name: 'Forms House' });
      jobId = (await buildJob(s, office, site.id)).id;
      visitId = (await s.call('POST', '/api/visits', { token: office, body: { jobId, startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-23T12:00:00Z', engineerIds: [t.users.engineer.id] } })).json<{ visit: { id: string } }>().visit.id;
    });
    afterAll(async () => s?.stop());

    const submit = (formId: string, formVersion: number, answers: Record<string, unknown>, where: { visitId?: string; day?: string }) =>
      s.call('POST', '/api/sync/push', {
        token: eng,
        body: { protocolVersion: 1, clientId: `forms-${dialect}-${++n}`, mutations: [{ id: 1, name: 'formSubmission.submit', args: { id: uuid(n), formId, formVersion, answers, at: '2026-11-23T08:05:00Z', ...where } }] },
      });
    const rejections = async (clientId: string) => ((await s.call('GET', `/api/sync/pull?clientId=${clientId}&cursor=`, { token: eng })).json() as TPullResponse).rejections;

    it('starts every tenant with the four seeded forms at version 1, and the rules for when they are asked', async () => {
      expect(forms.map((f) => f.kind).sort()).toEqual(['health_safety', 'job_completion', 'risk_assessment', 'start_of_day']);
      expect(forms.every((f) => f.currentVersion === 1 && f.active)).toBe(true);
      const rules = (await s.call('GET', '/api/form-rules', { token: office })).json<{ rules: Array<{ formId: string; condition: { kind: string; warningTypeKey?: string } }> }>().rules;
      expect(rules.find((r) => r.formId === formOf('health_safety').id)?.condition).toEqual({ kind: 'warning_type', warningTypeKey: 'infection_risk' });
      expect(rules.find((r) => r.formId === formOf('risk_assessment').id)?.condition).toEqual({ kind: 'always' });
    });

    it('publishes a new immutable version; the old one stays readable; a kept question cannot change type', async () => {
      const sod = formOf('start_of_day');
      const v1 = (await s.call('GET', `/api/forms/${sod.id}`, { token: office })).json() as TFormDetail;
      const draft = { kind: v1.definition.kind, name: v1.definition.name, questions: [...v1.definition.questions, { id: 'first_aid', type: 'yes_no', text: 'Is your first-aid kit stocked?', required: true }] };
      const v2 = await s.call('POST', `/api/forms/${sod.id}/versions`, { token: office, body: { draft } });
      expect(v2.statusCode).toBe(200);
      expect((v2.json() as TFormDetail).versions.map((v) => v.version)).toEqual([2, 1]);
      const old = (await s.call('GET', `/api/forms/${sod.id}/versions/1`, { token: office })).json() as { definition: TFormDefinition };
      expect(old.definition.questions.some((q) => q.id === 'first_aid')).toBe(false);
      const bad = { ...draft, questions: draft.questions.map((q) => (q.id === 'ppe_ok' ? { id: 'ppe_ok', type: 'text', text: 'PPE?', required: true } : q)) };
      const refused = await s.call('POST', `/api/forms/${sod.id}/versions`, { token: office, body: { draft: bad } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'validation_failed', issues: [expect.objectContaining({ message: expect.stringMatching(/ppe_ok/) as unknown })] } });
      expect(((await s.call('GET', `/api/forms/${sod.id}`, { token: office })).json() as TFormDetail).form.currentVersion).toBe(2);
      // The phone gets the new version at its next sync.
      const pulled = (await s.call('GET', `/api/sync/pull?clientId=forms-pull-${dialect}&cursor=`, { token: eng })).json() as TPullResponse;
      const onPhone = pulled.changes.find((c) => c.entity === 'form' && c.id === sod.id)?.data as TFormDefinition | undefined;
      expect(onPhone?.version).toBe(2);
      expect(onPhone?.questions.some((q) => q.id === 'first_aid')).toBe(true);
    });

    it('accepts an answer to an old version and reports it under that version; refuses one that breaks its version', async () => {
      const sod = formOf('start_of_day');
      expect((await submit(sod.id, 1, SOD_V1, { day: '2026-11-23' })).json()).toMatchObject({ lastMutationId: 1 });
      expect((await submit(sod.id, 2, { ...SOD_V1, first_aid: true }, { day: '2026-11-23' })).json()).toMatchObject({ lastMutationId: 1 });
      // Version 2 needs first_aid: a submission without it becomes a rejection, nothing stored.
      const missing = await submit(sod.id, 2, SOD_V1, { day: '2026-11-23' });
      expect(missing.json()).toMatchObject({ lastMutationId: 1 });
      expect((await rejections(`forms-${dialect}-${n}`)).map((r) => r.code)).toEqual(['validation_failed']);
      const report = (await s.call('GET', '/api/reports/start-of-day?from=2026-11-23&to=2026-11-23', { token: office })).json() as { columns: string[]; rows: string[][] };
      const version = report.columns.indexOf('Version');
      expect(report.rows.map((r) => r[version]).sort()).toEqual(['1', '2']);
      expect(report.columns).toContain('Is your first-aid kit stocked?');
    });

    it('aborts the visit when the risk assessment says unsafe, and the job page shows it with the answers', async () => {
      const ra = formOf('risk_assessment');
      const res = await submit(ra.id, 1, { safe_access: false, unsafe_reason: 'Gas smell at the front door' }, { visitId });
      expect(res.json()).toMatchObject({ lastMutationId: 1 });
      const detail = (await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail;
      const visit = detail.visits.find((v) => v.id === visitId)!;
      expect(visit.status).toBe('aborted');
      expect(visit.abortReason).toBe('Aborted by pre-visit risk assessment: Gas smell at the front door');
      const sub = detail.submissions.find((x) => x.formId === ra.id)!;
      expect(sub.outcomes.map((o) => o.effect)).toContain('abort_visit');
      expect(sub.lines).toEqual(expect.arrayContaining([expect.objectContaining({ questionId: 'safe_access', answer: 'No' }), expect.objectContaining({ answer: 'Gas smell at the front door' })]));
      const csv = await s.call('GET', '/api/reports/aborted-visits?from=2026-11-23&to=2026-11-23&format=csv', { token: office });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body.startsWith('\uFEFF"Date","Time","Job"')).toBe(true);
      expect(csv.body).toContain('Aborted by pre-visit risk assessment: Gas smell at the front door');
    });

    it('raises an office alert from an answer, and refuses a photo that was never uploaded', async () => {
      const site = await buildSite(s, office, t.clientId, { name: 'Alert House' });
      const job = (await buildJob(s, office, site.id)).id;
      const v = (await s.call('POST', '/api/visits', { token: office, body: { jobId: job, startsAt: '2026-11-23T13:00:00Z', endsAt: '2026-11-23T14:00:00Z', engineerIds: [t.users.engineer.id] } })).json<{ visit: { id: string } }>().visit.id;
      const ra = formOf('risk_assessment');
      await submit(ra.id, 1, { safe_access: true, occupant_unwell: true, ppe_confirmed: true, hazards: false }, { visitId: v });
      const detail = (await s.call('GET', `/api/jobs/${job}`, { token: office })).json() as TJobDetail;
      expect(detail.alerts.map((a) => a.visitId)).toEqual([v]);
      // The dispatch board flags the visit as at risk, in words.
      const board = (await s.call('GET', '/api/board?date=2026-11-23', { token: office })).json() as { visits: Array<{ id: string; openAlerts: string[] }> };
      expect(board.visits.find((x) => x.id === v)?.openAlerts).toEqual(['Household unwell or self-isolating']);
      const missingPhoto = createHash('sha256').update('never uploaded').digest('hex');
      await submit(ra.id, 1, { safe_access: true, occupant_unwell: false, hazards: true, hazards_photo: [missingPhoto] }, { visitId: v });
      expect((await rejections(`forms-${dialect}-${n}`)).map((r) => r.code)).toEqual(['blob_missing']);
    });

    it('asks the infection-control assessment only where the site has an infection-risk warning', async () => {
      const site = await buildSite(s, office, t.clientId, { name: 'Isolating House' });
      await buildWarning(s, office, site.id, 'infection_risk');
      const job = (await buildJob(s, office, site.id)).id;
      const ack = ((await s.call('POST', '/api/allocation/check', { token: office, body: { jobId: job, startsAt: '2026-11-24T09:00:00Z', endsAt: '2026-11-24T10:00:00Z', engineerIds: [t.users.engineer.id] } })).json() as { unacknowledgedRuleIds: string[] }).unacknowledgedRuleIds;
      const v = (await s.call('POST', '/api/visits', { token: office, body: { jobId: job, startsAt: '2026-11-24T09:00:00Z', endsAt: '2026-11-24T10:00:00Z', engineerIds: [t.users.engineer.id], acknowledgedRuleIds: ack } })).json<{ visit: { id: string } }>().visit.id;
      const pulled = (await s.call('GET', `/api/sync/pull?clientId=forms-ic-${dialect}&cursor=`, { token: eng })).json() as TPullResponse;
      const formIds = (pulled.changes.find((c) => c.entity === 'visit' && c.id === v)?.data as { formIds: string[] }).formIds;
      expect(formIds).toContain(formOf('health_safety').id);
      const other = (pulled.changes.find((c) => c.entity === 'visit' && c.id === visitId)?.data as { formIds: string[] }).formIds;
      expect(other).not.toContain(formOf('health_safety').id);
    });

    it('numbers ISO weeks as a spreadsheet would', async () => {
      const { isoWeek } = await import('../reports/reports.service.js');
      expect(['2026-11-23', '2026-01-01', '2025-12-29', '2027-01-03', '2020-12-31', '2021-01-04'].map(isoWeek)).toEqual(['2026-W48', '2026-W01', '2026-W01', '2026-W53', '2020-W53', '2021-W01']);
    });

    it('keeps activity types for non-productive time and reports the time by week with totals', async () => {
      const created = await s.call('POST', '/api/activity-types', { token: office, body: { name: 'Collecting parts' } });
      expect(created.statusCode).toBe(201);
      expect((await s.call('POST', '/api/activity-types', { token: office, body: { name: 'collecting parts' } })).statusCode).toBe(409);
      const typeId = created.json<{ activityType: { id: string } }>().activityType.id;
      await s.call('POST', '/api/sync/push', {
        token: eng,
        body: { protocolVersion: 1, clientId: `npt-${dialect}`, mutations: [{ id: 1, name: 'timeEntry.add', args: { id: uuid(9000), activityTypeId: typeId, startedAt: '2026-11-23T15:00:00Z', endedAt: '2026-11-23T16:30:00Z' } }] },
      });
      const report = (await s.call('GET', '/api/reports/non-productive-time?from=2026-11-23&to=2026-11-29', { token: office })).json() as { rows: string[][] };
      expect(report.rows).toContainEqual(['2026-W48', `engineer of ${t.tenant.slug}`, 'Collecting parts', '1.50']);
      expect(report.rows.at(-1)).toEqual(['All weeks', 'All engineers', 'Total', '1.50']);
    });
  });
}
