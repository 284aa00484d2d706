import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  order: 20,
  async seed(s, _a, token, ids) {
    const res = await s.call('POST', '/api/assets', { token, body: { siteId: ids.siteId, type: 'Boiler', make: 'Worcester', serial: 'SEED-1' } });
    if (res.statusCode !== 201) throw new Error(`seed asset: ${res.body}`);
    return { assetId: res.json<{ asset: { id: string } }>().asset.id };
  },
  bodies: {
    'POST /api/assets': (ids) => ({ siteId: ids.siteId, type: 'Boiler', make: 'Vaillant', model: 'ecoTEC plus', location: 'Kitchen cupboard' }),
    'PATCH /api/assets/:assetId': { location: 'Loft' },
  },
};
