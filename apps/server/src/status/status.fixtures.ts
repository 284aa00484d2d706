import type { TStatusItem, TStatusKey, TStatusReport } from '@fieldkeep/domain';
import type { Dialect } from '../db/database.js';
import type { RouteFixtures } from '../testing/route-fixtures.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/**
 * Test support for the status page (a `.fixtures.ts` file is left out of the build). The device id
 * the routes address is seeded by sync.fixtures.ts (`deviceId`).
 */
export const fixtures: RouteFixtures = {
  order: 450,
  bodies: {
    'POST /api/status/devices/:deviceId/resolve-rejections': {},
    'POST /api/status/integrity/run': {},
  },
};

/** The test server of testing/test-server.ts (the status routes are registered by app.ts like every other). */
export function startStatusServer(dialect: Dialect, opts: { env?: Record<string, string>; listen?: boolean; label?: string } = {}): Promise<TestServer> {
  return startTestServer(dialect, { ...opts, label: opts.label ?? 'status' });
}

/** GET /api/status as `token` (an admin's session or a replication token); fails the test on anything but 200. */
export async function statusOf(s: Pick<TestServer, 'call'>, token: string): Promise<TStatusReport> {
  const res = await s.call('GET', '/api/status', { token });
  if (res.statusCode !== 200) throw new Error(`GET /api/status → ${res.statusCode} ${res.body}`);
  return res.json<TStatusReport>();
}

export async function itemOf(s: Pick<TestServer, 'call'>, token: string, key: TStatusKey): Promise<TStatusItem> {
  const item = (await statusOf(s, token)).items.find((i) => i.key === key);
  if (!item) throw new Error(`no ${key} item`);
  return item;
}
