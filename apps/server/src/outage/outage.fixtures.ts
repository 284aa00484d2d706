import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  bodies: {
    'POST /api/outage/notify': { note: 'Use the paper sheets', again: false },
  },
};
