import type { BuiltTenant } from './factories.js';
import type { TestServer } from './test-server.js';

export type BodySample = Record<string, unknown> | ((ids: Readonly<Record<string, string>>) => Record<string, unknown>);

/**
 * What the route-wide tests (http/routes.test.ts) need from a feature: tenant A's records that the
 * feature's routes address, and a valid body for each route that takes one. Each feature folder has
 * a `<feature>.fixtures.ts` exporting `fixtures: RouteFixtures`; the test finds them all by name.
 */
export interface RouteFixtures {
  /** Creates tenant A's records; answers their ids by path-parameter name (e.g. `{ siteId }`). */
  seed?(s: TestServer, a: BuiltTenant, adminToken: string, ids: Readonly<Record<string, string>>): Promise<Record<string, string>>;
  /**
   * A valid body per route, keyed `METHOD /path/:param`. A function gets the ids of the caller's
   * *target* tenant's records (so a body naming tenant A's site, sent by tenant B, must be refused).
   */
  bodies?: Record<string, BodySample>;
  /** Seeds run in ascending order (a site needs its client first). Default 100. */
  order?: number;
}
