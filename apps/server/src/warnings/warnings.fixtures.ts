import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  order: 30,
  async seed(s, _a, token, ids) {
    const types = await s.call('GET', '/api/warning-types', { token });
    const warningTypeId = types.json<{ warningTypes: Array<{ id: string; key: string }> }>().warningTypes.find((t) => t.key === 'aggressive_animal')?.id;
    if (!warningTypeId) throw new Error(`seed: no warning types: ${types.body}`);
    const res = await s.call('POST', '/api/warnings', { token, body: { siteId: ids.siteId, assetId: ids.assetId, typeId: warningTypeId, text: 'Dog in the garden' } });
    if (res.statusCode !== 201) throw new Error(`seed warning: ${res.body}`);
    return { warningTypeId, warningId: res.json<{ warning: { id: string } }>().warning.id };
  },
  bodies: {
    'POST /api/warnings': (ids) => ({ siteId: ids.siteId, assetId: ids.assetId, typeId: ids.warningTypeId, text: 'Asbestos in the loft hatch', severity: 'danger' }),
    'POST /api/warnings/:warningId/remove': { reason: 'The dog has been rehomed' },
    'POST /api/warning-types': { key: 'working_at_height', name: 'Working at height', defaultSeverity: 'caution' },
    'PATCH /api/warning-types/:warningTypeId': { name: 'Dangerous dog' },
  },
};
