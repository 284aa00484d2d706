import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  order: 5,
  async seed(_s, a) {
    return { clientId: a.clientId };
  },
  bodies: {
    'POST /api/clients': {
      name: 'Another client',
      address: '1 High Street, Leeds',
      contacts: [{ name: 'Pat Lee', role: 'Facilities manager', email: 'pat@another.test', phone: '0113 496 0000' }],
    },
    'PATCH /api/clients/:clientId': { phone: '0113 496 0001', contacts: [{ name: 'Sam Roe' }] },
  },
};
