import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  order: 5,
  async seed(s, a, token) {
    const res = await s.call('POST', '/api/suppliers', { token, body: { name: `Plumbing Supplies of ${a.tenant.slug}`, contacts: [{ name: 'Counter' }] } });
    if (res.statusCode !== 201) throw new Error(`seed supplier: ${res.body}`);
    return { supplierId: res.json<{ supplier: { id: string } }>().supplier.id };
  },
  bodies: {
    'POST /api/suppliers': { name: 'Electrical Wholesale', phone: '0161 496 0000', contacts: [{ name: 'Trade desk', email: 'trade@wholesale.test' }] },
    'PATCH /api/suppliers/:supplierId': { notes: 'Account number 4471' },
  },
};
