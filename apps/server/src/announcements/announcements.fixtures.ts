import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  async seed(s, _a, adminToken) {
    const res = await s.call('POST', '/api/announcements', { token: adminToken, body: { title: 'Fixture announcement', body: 'The new van rota starts Monday.' } });
    if (res.statusCode !== 201) throw new Error(`seed announcement: ${res.body}`);
    return { announcementId: res.json<{ announcement: { id: string } }>().announcement.id };
  },
  bodies: {
    'POST /api/announcements': { title: 'Office closed Friday', body: 'The office is closed on Friday for training; call the emergency line.', audience: ['engineer'] },
    'POST /api/announcements/:announcementId/seen': {},
    'POST /api/release-notes/seen': {},
  },
};
