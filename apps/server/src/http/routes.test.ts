/// <reference types="vite/client" />
/**
 * Properties every route must have, checked over the route table the app itself reports, so a
 * route added later is covered without anyone remembering to add it here. A route whose path
 * parameter or body has no sample below fails the test with a message saying what to add.
 */
import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, ZErrorBody } from '@fieldkeep/domain';
import { validate } from '@readme/openapi-parser';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import type { RouteFixtures } from '../testing/route-fixtures.js';
import { listTables } from '../testing/tables.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

/** Every feature's fixtures (`<feature>/<feature>.fixtures.ts`), found by name: nothing to register here. */
const modules = import.meta.glob<{ fixtures: RouteFixtures }>('../**/*.fixtures.ts', { eager: true });
const FIXTURES = Object.values(modules)
  .map((m) => m.fixtures)
  .sort((x, y) => (x.order ?? 100) - (y.order ?? 100));
const BODIES: Record<string, unknown> = Object.assign({}, ...FIXTURES.map((f) => f.bodies ?? {}));
const bodyFor = (key: string, ids: Readonly<Record<string, string>>): unknown => {
  const b = BODIES[key];
  return typeof b === 'function' ? (b as (i: Readonly<Record<string, string>>) => unknown)(ids) : b;
};
/** A body that names records: sent by another tenant with the first tenant's ids, it must be refused. */
const namesRecords = (key: string) => typeof BODIES[key] === 'function';

const methodsOf = (r: RouteOptions) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
const paramsOf = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const hasBody = (r: RouteOptions) => Boolean((r.schema as { body?: unknown } | undefined)?.body);
const isRawBody = (r: RouteOptions) => Boolean((r.config as { rawBody?: boolean } | undefined)?.rawBody);
const isPublic = (r: RouteOptions) => Boolean((r.config as { public?: boolean } | undefined)?.public);
const apiRoutes = (s: TestServer) =>
  s.routes.filter((r) => r.url.startsWith('/api/')).flatMap((r) => methodsOf(r).map((method) => ({ method, url: r.url, route: r })));

/** Row counts of every table and the last change-log position: "nothing was stored" is this not changing. */
async function snapshot(s: TestServer, ignore: string[] = []): Promise<Record<string, number>> {
  const tables = await listTables(s.ctx.database);
  const out: Record<string, number> = {};
  for (const t of tables) {
    if (ignore.includes(t.name)) continue;
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(s.ctx.database.db);
    out[t.name] = Number(r.rows[0]?.n);
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`every route (${dialect})`, () => {
    let s: TestServer;
    let a: BuiltTenant;
    let b: BuiltTenant;
    let idsA: Record<string, string> = {};
    let idsB: Record<string, string> = {};
    let tokensB: Record<'admin' | 'office' | 'engineer' | 'client', string>;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'routes' });
      a = await buildTenant(s, { slug: 'tenant-a' });
      b = await buildTenant(s, { slug: 'tenant-b' });
      const adminA = await s.signIn(a.users.admin.login, TEST_PASSWORD);
      const adminB = await s.signIn(b.users.admin.login, TEST_PASSWORD);
      for (const f of FIXTURES) {
        if (!f.seed) continue;
        idsA = { ...idsA, ...(await f.seed(s, a, adminA, idsA)) };
        idsB = { ...idsB, ...(await f.seed(s, b, adminB, idsB)) };
      }
      tokensB = {
        admin: await s.signIn(b.users.admin.login, TEST_PASSWORD),
        office: await s.signIn(b.users.office.login, TEST_PASSWORD),
        engineer: await s.signIn(b.users.engineer.login, TEST_PASSWORD),
        client: await s.signIn(b.users.client.login, TEST_PASSWORD),
      };
    });
    afterAll(async () => s?.stop());

    it('has a fixture for every path parameter and a valid sample for every body', () => {
      const missing: string[] = [];
      for (const { method, url, route } of apiRoutes(s)) {
        for (const p of paramsOf(url)) if (!idsA[p]) missing.push(`path parameter :${p} (${method} ${url}) → seed it in a <feature>.fixtures.ts`);
        if (hasBody(route) && !(`${method} ${url}` in BODIES)) missing.push(`${method} ${url} → add a valid body to its <feature>.fixtures.ts`);
      }
      expect(missing).toEqual([]);
    });

    it("answers 404 to every role of tenant B for every one of tenant A's records, and changes nothing of A's", async () => {
      const before = await snapshot(s, ['sessions', 'audit_log']);
      const leaks: string[] = [];
      for (const { method, url, route } of apiRoutes(s)) {
        const params = paramsOf(url);
        const key = `${method} ${url}`;
        if (params.length === 0 && !namesRecords(key)) continue;
        // A content-addressed upload proves possession of the bytes: blobs.test.ts covers it.
        if (isRawBody(route)) continue;
        // Server-wide: replicas authenticate with a replication token, never a tenant's session
        // (replication.test.ts covers it); a tenant's user gets 401 there.
        if (url.startsWith('/api/replication/')) continue;
        const path = params.reduce((u, p) => u.replace(`:${p}`, idsA[p]!), url);
        const body = bodyFor(key, idsA);
        for (const [role, token] of Object.entries(tokensB)) {
          const res = await s.call(method, path, { token, ...(body !== undefined ? { body } : {}) });
          // A role that may not use the route at all is refused before any lookup (403), and a body
          // naming another tenant's record may be refused as invalid (400); neither leaks anything.
          const code = res.statusCode >= 400 ? (res.json() as { error: { code: string } }).error.code : '';
          const ok = res.statusCode === 404 || (res.statusCode === 403 && code === 'forbidden') || (params.length === 0 && res.statusCode === 400 && code === 'validation_failed');
          if (!ok) leaks.push(`${role} of B: ${method} ${path} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
      expect(leaks).toEqual([]);
      expect(await snapshot(s, ['sessions', 'audit_log'])).toEqual(before);
    });

    it("never shows tenant A's ids in any list tenant B can read", async () => {
      // Record ids only (UUIDs, hashes, device ids): a version number like "1" is no secret.
      const secretIds = [...new Set([a.tenant.id, ...Object.values(idsA), ...Object.values(a.users).map((u) => u.id)])].filter((v) => v.length >= 16);
      const leaks: string[] = [];
      for (const { method, url } of apiRoutes(s)) {
        if (method !== 'GET' || paramsOf(url).length > 0 || url === '/api/openapi.json') continue;
        for (const [role, token] of Object.entries(tokensB)) {
          const res = await s.call('GET', url, { token });
          for (const id of secretIds) if (res.body.includes(id)) leaks.push(`${role} of B: GET ${url} shows ${id}`);
        }
      }
      expect(leaks).toEqual([]);
    });

    it('answers 401 unauthenticated to every non-public route without a session, with or without a body', async () => {
      const wrong: string[] = [];
      for (const { method, url, route } of apiRoutes(s)) {
        if (isPublic(route)) continue;
        const path = paramsOf(url).reduce((u, p) => u.replace(`:${p}`, idsA[p]!), url);
        for (const body of [undefined, bodyFor(`${method} ${url}`, idsA), { garbage: true }]) {
          const res = await s.call(method, path, body !== undefined ? { body } : {});
          if (res.statusCode !== 401 || (res.json() as { error: { code: string } }).error.code !== 'unauthenticated') {
            wrong.push(`${method} ${path} body=${JSON.stringify(body)} → ${res.statusCode}`);
          }
        }
        const forged = await s.call(method, path, { token: 'forged-token-value' });
        if (forged.statusCode !== 401) wrong.push(`${method} ${path} with a forged token → ${forged.statusCode}`);
      }
      expect(wrong).toEqual([]);
    });

    it('refuses bad input to every route with a stable 4xx code and the error body shape, storing nothing', async () => {
      const admin = await s.signIn(a.users.admin.login, TEST_PASSWORD);
      const before = await snapshot(s, ['sessions', 'audit_log']);
      const wrong: string[] = [];
      const expectCode = (what: string, res: { statusCode: number; body: string }, status: number, code: string) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(res.body);
        } catch {
          parsed = undefined;
        }
        const shape = ZErrorBody.safeParse(parsed);
        if (res.statusCode !== status || !shape.success || shape.data.error.code !== code) {
          wrong.push(`${what} → ${res.statusCode} ${res.body.slice(0, 160)} (wanted ${status} ${code})`);
        }
      };
      for (const { method, url, route } of apiRoutes(s)) {
        if (url === '/api/auth/login') continue; // its bad-input answers would count as sign-in attempts; covered below
        const params = paramsOf(url);
        const path = params.reduce((u, p) => u.replace(`:${p}`, idsA[p]!), url);
        const token = isPublic(route) ? undefined : admin;
        if (params.length > 0) {
          const badPath = params.reduce((u, p) => u.replace(`:${p}`, 'not%20an%20id!'), url);
          const body = bodyFor(`${method} ${url}`, idsA);
          expectCode(`${method} ${badPath}`, await s.call(method, badPath, { token, ...(body !== undefined ? { body } : {}) }), 400, 'validation_failed');
        }
        if (method === 'GET') {
          expectCode(`${method} ${path}?unknown=1`, await s.call(method, `${path}?unknown=1&limit=-5`, { token }), 400, 'validation_failed');
          continue;
        }
        if (!hasBody(route)) continue;
        expectCode(`${method} ${path} not JSON`, await s.call(method, path, { token, body: '{"broken": ' }), 400, 'invalid_json');
        expectCode(`${method} ${path} form`, await s.call(method, path, { token, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }), 415, 'unsupported_media_type');
        for (const bad of [[], 'text', 42, null, { unexpected: 'field' }, { ...(bodyFor(`${method} ${url}`, idsA) as object), extra: 1 }]) {
          expectCode(`${method} ${path} ${JSON.stringify(bad)}`, await s.call(method, path, { token, body: JSON.stringify(bad) }), 400, 'validation_failed');
        }
        // Just over the route's own limit (the JSON default, or a larger one such as CSV imports').
        const huge = JSON.stringify({ name: 'x'.repeat((route.bodyLimit ?? LIMITS.jsonBodyBytes) + 50_000) });
        expectCode(`${method} ${path} over its body limit`, await s.call(method, path, { token, body: huge }), 413, 'body_too_large');
      }
      const login = await s.call('POST', '/api/auth/login', { body: { email: 12, password: [] } });
      expectCode('POST /api/auth/login wrong types', login, 400, 'validation_failed');
      expect(wrong).toEqual([]);
      expect(await snapshot(s, ['sessions', 'audit_log'])).toEqual(before);
    });

    it('answers unknown API paths with 404 route_not_found', async () => {
      const res = await s.call('GET', '/api/no-such-thing');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'route_not_found' } });
    });

    it('publishes a valid OpenAPI document that describes every API route', async () => {
      const res = await s.call('GET', '/api/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { paths: Record<string, Record<string, unknown>> };
      const result = await validate(structuredClone(doc) as never);
      expect(result.valid ? [] : result.errors).toEqual([]);
      const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
      const missing = apiRoutes(s)
        .filter(({ url }) => url !== '/api/openapi.json')
        .map(({ method, url }) => `${method} ${url.replace(/:(\w+)/g, '{$1}')}`)
        .filter((k) => !documented.has(k));
      expect(missing).toEqual([]);
    });
  });
}
