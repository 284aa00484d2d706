import type { RouteFixtures } from '../testing/route-fixtures.js';

export const fixtures: RouteFixtures = {
  order: 0,
  async seed(s, a, adminToken) {
    // An email in tenant A's outbox (an invitation), so the message routes have a record to protect.
    const created = await s.call('POST', '/api/users', { token: adminToken, body: { name: 'Invitee', email: `invitee@${a.tenant.slug}.test`, role: 'office' } });
    if (created.statusCode !== 201) throw new Error(`seed user: ${created.body}`);
    const msgs = await s.call('GET', '/api/messages', { token: adminToken });
    const messageId = msgs.json<{ messages: Array<{ id: string }> }>().messages[0]?.id;
    if (!messageId) throw new Error('seed: no message');
    return { userId: a.users.engineer.id, engineerId: a.users.engineer.id, clientId: a.clientId, messageId };
  },
  bodies: {
    'POST /api/auth/login': { email: 'someone@example.test', password: 'x' },
    'POST /api/auth/logout': {},
    'POST /api/auth/password-reset': { email: 'someone@example.test' },
    'POST /api/auth/password-reset/complete': { token: 'x'.repeat(43), password: 'a-long-enough-password' },
    'POST /api/auth/invitation/accept': { token: 'x'.repeat(43), password: 'a-long-enough-password' },
    'POST /api/users': { name: 'New Person', email: 'new.person@example.test', role: 'office' },
    'PATCH /api/users/:userId': { name: 'Renamed' },
    'POST /api/users/:userId/password': { password: 'a-long-enough-password' },
    'POST /api/users/:userId/invitation': {},
    'POST /api/messages/:messageId/retry': {},
  },
};
