import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  bodies: {
    'PATCH /api/engineers/:engineerId': { skills: ['gas', 'electrical'] },
  },
};
