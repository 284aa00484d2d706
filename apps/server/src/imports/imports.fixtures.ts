import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  bodies: {
    'POST /api/imports/clients': { csv: 'name,email\r\nNorthern Homes,office@northern.test\r\n', dryRun: true },
    'POST /api/imports/sites': { csv: 'client,name,address1,postcode\r\nNorthern Homes,1 Elm Row,1 Elm Row,LS6 1AA\r\n', dryRun: true },
    'POST /api/imports/assets': { csv: 'site_name,postcode,type\r\n1 Elm Row,LS6 1AA,Boiler\r\n', dryRun: true },
  },
};
