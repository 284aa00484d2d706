import type { RouteFixtures } from '../testing/route-fixtures.js';
import { createReplicationToken } from './tokens.js';

export const fixtures: RouteFixtures = {
  order: 400,
  async seed(s) {
    const t = await createReplicationToken(s.ctx.database.db, 'fixture', '2026-11-23T09:00:00.000Z');
    return { tokenId: t.id };
  },
  bodies: {
    'POST /api/replication/fence': { epoch: 1, by: 'http://replica.test' },
    'POST /api/replication/push': { userId: '01a20000-0000-7000-8000-000000000001', push: { protocolVersion: 1, clientId: 'fixture-replica-client', mutations: [] } },
    'PUT /api/server/ack': { degraded: false },
    'POST /api/server/replication-tokens': { name: 'office replica' },
    'POST /api/server/replication-tokens/:tokenId/revoke': {},
    'POST /api/replica/queue': { name: 'jobNote.add', args: { id: '01a20000-0000-7000-8000-000000000002', jobId: '01a20000-0000-7000-8000-000000000003', text: 'x', at: '2026-11-23T09:00:00Z' }, summary: 'A note' },
  },
};
