import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  order: 10,
  async seed(s, a, token) {
    const res = await s.call('POST', '/api/sites', { token, body: { clientId: a.clientId, name: 'Seed House', address1: '2 Seed Lane', postcode: 'LS1 4AB' } });
    if (res.statusCode !== 201) throw new Error(`seed site: ${res.body}`);
    return { siteId: res.json<{ site: { id: string } }>().site.id };
  },
  bodies: {
    'POST /api/sites': (ids) => ({ clientId: ids.clientId, name: 'Flat 3, Mill Court', address1: '3 Mill Court', town: 'Leeds', postcode: 'ls2 7xy' }),
    'PATCH /api/sites/:siteId': { accessNotes: 'Key safe by the back door' },
  },
};
