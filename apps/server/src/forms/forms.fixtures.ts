import type { RouteFixtures } from '../testing/route-fixtures.js';

const draft = {
  kind: 'job_completion',
  name: 'Fixture completion form',
  questions: [{ id: 'done', type: 'yes_no', text: 'Is the work complete?', required: true }],
};

export const fixtures: RouteFixtures = {
  order: 150,
  async seed(s, _a, token) {
    const forms = await s.call('GET', '/api/forms', { token });
    const formId = forms.json<{ forms: Array<{ id: string }> }>().forms[0]?.id;
    if (!formId) throw new Error(`seed forms: ${forms.body}`);
    const rules = await s.call('GET', '/api/form-rules', { token });
    const formRuleId = rules.json<{ rules: Array<{ id: string }> }>().rules[0]?.id;
    const types = await s.call('GET', '/api/activity-types', { token });
    const activityTypeId = types.json<{ activityTypes: Array<{ id: string }> }>().activityTypes[0]?.id;
    if (!formRuleId || !activityTypeId) throw new Error('seed: no form rule or activity type');
    return { formId, formRuleId, activityTypeId, version: '1' };
  },
  bodies: {
    'POST /api/forms': { draft },
    'POST /api/forms/:formId/versions': { draft: { ...draft, kind: 'start_of_day' } },
    'PATCH /api/forms/:formId': { active: true },
    'POST /api/form-rules': (ids) => ({ formId: ids.formId, condition: { kind: 'always' } }),
    'PATCH /api/form-rules/:formRuleId': { active: false },
    'POST /api/activity-types': { name: 'Collecting parts' },
    'PATCH /api/activity-types/:activityTypeId': { name: 'Travel to merchant' },
  },
};
