import type { RouteFixtures } from '../testing/route-fixtures.js';

/** Tomorrow 10:00–12:00 UTC, from the test clock's Monday 2026-11-23: inside the default working day. */
export const VISIT_WINDOW = { startsAt: '2026-11-24T10:00:00.000Z', endsAt: '2026-11-24T12:00:00.000Z' };

export const fixtures: RouteFixtures = {
  order: 200,
  async seed(s, a, token) {
    const site = await s.call('POST', '/api/sites', {
      token,
      body: { clientId: a.clientId, name: 'Fixture House', address1: '1 Fixture Road', postcode: 'FX1 1AA' },
    });
    if (site.statusCode !== 201) throw new Error(`seed site: ${site.body}`);
    const siteId = site.json<{ site: { id: string } }>().site.id;
    const job = await s.call('POST', '/api/jobs', { token, body: { siteId, description: 'Fixture job: dripping tap', jobType: 'repair' } });
    if (job.statusCode !== 201) throw new Error(`seed job: ${job.body}`);
    const jobId = job.json<{ job: { id: string } }>().job.id;
    const visit = await s.call('POST', '/api/visits', { token, body: { jobId, ...VISIT_WINDOW, engineerIds: [a.users.engineer.id] } });
    if (visit.statusCode !== 201) throw new Error(`seed visit: ${visit.body}`);
    const rules = await s.call('GET', '/api/rules', { token });
    const ruleId = rules.json<{ rules: Array<{ id: string }> }>().rules[0]?.id;
    if (!ruleId) throw new Error('seed: no rules');
    return { jobId, visitId: visit.json<{ visit: { id: string } }>().visit.id, ruleId };
  },
  bodies: {
    'POST /api/jobs': (ids) => ({ siteId: ids.siteId, description: 'Boiler not firing', jobType: 'repair' }),
    'PATCH /api/jobs/:jobId': { priority: 'high' },
    'POST /api/jobs/:jobId/notes': { text: 'Tenant says mornings are best.' },
    'POST /api/visits': (ids) => ({ jobId: ids.jobId, ...VISIT_WINDOW, engineerIds: [ids.engineerId] }),
    'PATCH /api/visits/:visitId': { startsAt: '2026-11-24T13:00:00.000Z', endsAt: '2026-11-24T14:00:00.000Z' },
    'POST /api/visits/:visitId/status': { status: 'travelling' },
    'POST /api/rules': { name: 'Emergencies: tell the supervisor', condition: { kind: 'priority', priority: 'emergency' }, outcome: { kind: 'warn' } },
    'PATCH /api/rules/:ruleId': { active: false },
    'POST /api/allocation/check': (ids) => ({ jobId: ids.jobId, ...VISIT_WINDOW, engineerIds: [ids.engineerId] }),
  },
};
