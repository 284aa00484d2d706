/**
 * Properties every route must have, checked over the route table the app itself reports, so a
 * route added later is covered without anyone remembering to add it here. A route whose path
 * parameter or body has no sample below fails the test with a message saying what to add.
 */
import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZErrorBody } from '@fieldkeep/domain';
import { validate } from '@readme/openapi-parser';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

/** For each path parameter: the id of tenant A's record of that kind. */
type Fixtures = { a: BuiltTenant; messageId: string };
const PARAM_FIXTURES: Record<string, (f: Fixtures) => string> = {
  userId: (f) => f.a.users.engineer.id,
  clientId: (f) => f.a.clientId,
  messageId: (f) => f.messageId,
};

/** A valid body for each route that takes one, so a refusal is about the tenant, not the body. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/auth/login': { email: 'someone@example.test', password: 'x' },
  'POST /api/auth/logout': {},
  'POST /api/auth/password-reset': { email: 'someone@example.test' },
  'POST /api/auth/password-reset/complete': { token: 'x'.repeat(43), password: 'a-long-enough-password' },
  'POST /api/auth/invitation/accept': { token: 'x'.repeat(43), password: 'a-long-enough-password' },
  'POST /api/users': { name: 'New Person', email: 'new.person@example.test', role: 'office' },
  'PATCH /api/users/:userId': { name: 'Renamed' },
  'POST /api/users/:userId/password': { password: 'a-long-enough-password' },
  'POST /api/users/:userId/invitation': {},
  'POST /api/clients': { name: 'Another client' },
  'POST /api/messages/:messageId/retry': {},
};

const methodsOf = (r: RouteOptions) => (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
const paramsOf = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const hasBody = (r: RouteOptions) => Boolean((r.schema as { body?: unknown } | undefined)?.body);
const isPublic = (r: RouteOptions) => Boolean((r.config as { public?: boolean } | undefined)?.public);
const apiRoutes = (s: TestServer) =>
  s.routes.filter((r) => r.url.startsWith('/api/')).flatMap((r) => methodsOf(r).map((method) => ({ method, url: r.url, route: r })));

/** Row counts of every table and the last change-log position: "nothing was stored" is this not changing. */
async function snapshot(s: TestServer, ignore: string[] = []): Promise<Record<string, number>> {
  const tables = await s.ctx.database.db.introspection.getTables();
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
    let fixtures: Fixtures;
    let tokensB: Record<'admin' | 'office' | 'engineer' | 'client', string>;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'routes' });
      a = await buildTenant(s, { slug: 'tenant-a' });
      b = await buildTenant(s, { slug: 'tenant-b' });
      const adminA = await s.signIn(a.users.admin.login, TEST_PASSWORD);
      // Tenant A gets an email in its outbox (an invitation), so message routes have a record to protect.
      const created = await s.call('POST', '/api/users', { token: adminA, body: { name: 'Invitee', email: 'invitee@tenant-a.test', role: 'office' } });
      expect(created.statusCode).toBe(201);
      const msgs = await s.call('GET', '/api/messages', { token: adminA });
      const messageId = (msgs.json() as { messages: Array<{ id: string }> }).messages[0]?.id;
      expect(messageId).toBeDefined();
      fixtures = { a, messageId: messageId! };
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
        for (const p of paramsOf(url)) if (!PARAM_FIXTURES[p]) missing.push(`path parameter :${p} (${method} ${url}) → add to PARAM_FIXTURES`);
        if (hasBody(route) && !(`${method} ${url}` in VALID_BODIES)) missing.push(`${method} ${url} → add a valid body to VALID_BODIES`);
      }
      expect(missing).toEqual([]);
    });

    it("answers 404 to every role of tenant B for every one of tenant A's records, and changes nothing of A's", async () => {
      const before = await snapshot(s, ['sessions', 'audit_log']);
      const leaks: string[] = [];
      for (const { method, url } of apiRoutes(s)) {
        const params = paramsOf(url);
        if (params.length === 0) continue;
        const path = params.reduce((u, p) => u.replace(`:${p}`, PARAM_FIXTURES[p]!(fixtures)), url);
        const body = VALID_BODIES[`${method} ${url}`];
        for (const [role, token] of Object.entries(tokensB)) {
          const res = await s.call(method, path, { token, ...(body !== undefined ? { body } : {}) });
          // A role that may not use the route at all is refused before any lookup (403); that leaks nothing either.
          const ok = res.statusCode === 404 || (res.statusCode === 403 && (res.json() as { error: { code: string } }).error.code === 'forbidden');
          if (!ok) leaks.push(`${role} of B: ${method} ${path} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
      expect(leaks).toEqual([]);
      expect(await snapshot(s, ['sessions', 'audit_log'])).toEqual(before);
    });

    it("never shows tenant A's ids in any list tenant B can read", async () => {
      const secretIds = [a.tenant.id, a.clientId, fixtures.messageId, ...Object.values(a.users).map((u) => u.id)];
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
        const path = paramsOf(url).reduce((u, p) => u.replace(`:${p}`, PARAM_FIXTURES[p]!(fixtures)), url);
        for (const body of [undefined, VALID_BODIES[`${method} ${url}`], { garbage: true }]) {
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
        const path = params.reduce((u, p) => u.replace(`:${p}`, PARAM_FIXTURES[p]!(fixtures)), url);
        const token = isPublic(route) ? undefined : admin;
        if (params.length > 0) {
          const badPath = params.reduce((u, p) => u.replace(`:${p}`, 'not-a-uuid'), url);
          const body = VALID_BODIES[`${method} ${url}`];
          expectCode(`${method} ${badPath}`, await s.call(method, badPath, { token, ...(body !== undefined ? { body } : {}) }), 400, 'validation_failed');
        }
        if (method === 'GET') {
          expectCode(`${method} ${path}?unknown=1`, await s.call(method, `${path}?unknown=1&limit=-5`, { token }), 400, 'validation_failed');
          continue;
        }
        if (!hasBody(route)) continue;
        expectCode(`${method} ${path} not JSON`, await s.call(method, path, { token, body: '{"broken": ' }), 400, 'invalid_json');
        expectCode(`${method} ${path} form`, await s.call(method, path, { token, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }), 415, 'unsupported_media_type');
        for (const bad of [[], 'text', 42, null, { unexpected: 'field' }, { ...(VALID_BODIES[`${method} ${url}`] as object), extra: 1 }]) {
          expectCode(`${method} ${path} ${JSON.stringify(bad)}`, await s.call(method, path, { token, body: JSON.stringify(bad) }), 400, 'validation_failed');
        }
        const huge = JSON.stringify({ name: 'x'.repeat(1_100_000) });
        expectCode(`${method} ${path} 1.1 MB`, await s.call(method, path, { token, body: huge }), 413, 'body_too_large');
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
