import { createHash } from 'node:crypto';
import type { RouteFixtures } from '../testing/route-fixtures.js';
import { TEST_PASSWORD } from '../testing/test-server.js';

export const fixtures: RouteFixtures = {
  order: 300,
  async seed(s, a, _admin, ids) {
    const eng = await s.signIn(a.users.engineer.login, TEST_PASSWORD);
    const bytes = Buffer.from(`photo of ${a.tenant.slug}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const put = await s.app.inject({ method: 'PUT', url: `/api/blobs/${sha256}`, headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg' }, payload: bytes });
    if (put.statusCode !== 201) throw new Error(`seed blob: ${put.body}`);
    const deviceId = `fixture-device-${a.tenant.slug}`;
    const push = await s.call('POST', '/api/sync/push', {
      token: eng,
      body: { protocolVersion: 1, clientId: deviceId, mutations: [{ id: 1, name: 'jobNote.add', args: { id: '01a20000-0000-7000-8000-00000000000' + (a.tenant.slug === 'tenant-a' ? 'a' : 'b'), jobId: ids.jobId, text: 'From the van', at: '2026-11-23T09:00:00Z' } }] },
    });
    if (push.statusCode !== 200) throw new Error(`seed push: ${push.body}`);
    return { sha256, deviceId };
  },
  bodies: {
    'POST /api/sync/push': { protocolVersion: 1, clientId: 'fixture-empty-device', mutations: [] },
    'POST /api/devices/:deviceId/revoke': {},
  },
};
