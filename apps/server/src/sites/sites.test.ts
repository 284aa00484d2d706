import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAuditEntry, TSite } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

type Issue = { path: string; message: string };

for (const dialect of DIALECTS) {
  describe(`sites (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    let secondClientId = '';
    const tok = {} as Record<'admin' | 'office' | 'engineer' | 'client' | 'otherOffice', string>;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'sites' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) tok[role] = await s.signIn(t.users[role].login, TEST_PASSWORD);
      tok.otherOffice = await s.signIn(other.users.office.login, TEST_PASSWORD);
      const c = await s.call('POST', '/api/clients', { token: tok.office, body: { name: 'Second Client' } });
      secondClientId = c.json<{ client: { id: string } }>().client.id;
    });
    afterAll(async () => s?.stop());

    /** A site for `clientId` (default: the tenant's first client, the client user's own). */
    const buildSite = async (overrides: Record<string, unknown> = {}, token = tok.office) => {
      const res = await s.call('POST', '/api/sites', { token, body: { clientId: t.clientId, name: 'Site', address1: '1 Road', postcode: 'LS1 1AA', ...overrides } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ site: TSite }>().site;
    };
    const listSites = async (token: string, query = '') => {
      const res = await s.call('GET', `/api/sites${query}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ sites: TSite[] }>().sites;
    };

    it('creates a site with every field, its postcode normalised and its client named', async () => {
      const site = await buildSite({
        name: 'Flat 2, Mill Court',
        address1: '2 Mill Court',
        address2: 'Canal Road',
        town: 'Leeds',
        postcode: ' ls2   7xy ',
        lat: 53.79,
        lng: -1.55,
        accessNotes: 'Key safe 1234',
        occupantName: 'Mrs Ada Hart',
        occupantPhone: '07700 900123',
        occupantEmail: 'ada@example.test',
      });
      expect(site).toMatchObject({ clientId: t.clientId, clientName: `Client of ${t.tenant.slug}`, postcode: 'LS2 7XY', lat: 53.79, lng: -1.55, liveWarningCount: 0 });
      const one = await s.call('GET', `/api/sites/${site.id}`, { token: tok.engineer });
      expect(one.json<{ site: TSite }>().site).toEqual(site);
      const changes = await s.ctx.database.db.selectFrom('change_log').selectAll().where('entity_id', '=', site.id).execute();
      expect(changes).toHaveLength(1);
      expect(JSON.parse(changes[0]!.data)).toMatchObject({ id: site.id, clientId: t.clientId, postcode: 'LS2 7XY', accessNotes: 'Key safe 1234' });
      const audit = (await s.call('GET', '/api/audit?action=site.created', { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(audit.map((e) => e.subject)).toContain(site.id);
    });

    it('changes a site, clearing fields with null, and audits it', async () => {
      const site = await buildSite({ name: 'Old Name', town: 'Bradford' });
      const res = await s.call('PATCH', `/api/sites/${site.id}`, { token: tok.admin, body: { name: 'New Name', town: null, postcode: 'bd1 2cd' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ site: TSite }>().site).toMatchObject({ name: 'New Name', town: null, postcode: 'BD1 2CD', address1: '1 Road' });
      const changes = await s.ctx.database.db.selectFrom('change_log').select('op').where('entity_id', '=', site.id).execute();
      expect(changes).toHaveLength(2);
      const audit = (await s.call('GET', '/api/audit?action=site.updated', { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(audit.find((e) => e.subject === site.id)?.details).toEqual({ fields: ['name', 'town', 'postcode'] });
      // A site stays with the client it was created for.
      const move = await s.call('PATCH', `/api/sites/${site.id}`, { token: tok.admin, body: { clientId: secondClientId } });
      expect(move.statusCode).toBe(400);
    });

    it("refuses a site for another tenant's client at path clientId, storing nothing", async () => {
      const before = await s.ctx.database.db.selectFrom('sites').select('id').execute();
      const res = await s.call('POST', '/api/sites', { token: tok.office, body: { clientId: other.clientId, name: 'X', address1: '1 X', postcode: 'X1 1XX' } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { code: string; issues: Issue[] } }>().error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'clientId' }] });
      expect(await s.ctx.database.db.selectFrom('sites').select('id').execute()).toHaveLength(before.length);
    });

    it('lists sites by name, filters by client, searches name, address and postcode in any case, and pages', async () => {
      await buildSite({ name: 'Zulu House', postcode: 'YO1 9ZZ', clientId: secondClientId });
      await buildSite({ name: 'alpha cottage', address1: '7 Baker Street', postcode: 'HG1 1AB' });
      const all = await listSites(tok.office);
      const names = all.map((x) => x.name);
      expect(names.indexOf('alpha cottage')).toBeLessThan(names.indexOf('Zulu House'));
      expect((await listSites(tok.office, `?clientId=${secondClientId}`)).map((x) => x.name)).toEqual(['Zulu House']);
      expect((await listSites(tok.office, '?q=BAKER')).map((x) => x.name)).toEqual(['alpha cottage']);
      expect((await listSites(tok.office, '?q=yo1')).map((x) => x.name)).toEqual(['Zulu House']);
      expect((await listSites(tok.office, '?q=zulu')).map((x) => x.name)).toEqual(['Zulu House']);
      expect(await listSites(tok.office, '?q=_')).toEqual([]);
      const page = await listSites(tok.office, '?limit=2&offset=1');
      expect(page.map((x) => x.id)).toEqual(all.slice(1, 3).map((x) => x.id));
      expect((await s.call('GET', '/api/sites?limit=201', { token: tok.office })).statusCode).toBe(400);
    });

    it("shows a client user only its own organisation's sites, and refuses it writes", async () => {
      const theirs = await buildSite({ name: 'Other Client Site', clientId: secondClientId });
      const mine = await listSites(tok.client);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((x) => x.clientId === t.clientId)).toBe(true);
      expect(await listSites(tok.client, `?clientId=${secondClientId}`)).toEqual([]);
      expect((await s.call('GET', `/api/sites/${theirs.id}`, { token: tok.client })).statusCode).toBe(404);
      expect((await s.call('GET', `/api/sites/${mine[0]!.id}`, { token: tok.client })).statusCode).toBe(200);
      for (const token of [tok.client, tok.engineer]) {
        expect((await s.call('POST', '/api/sites', { token, body: { clientId: t.clientId, name: 'X', address1: '1 X', postcode: 'X1 1XX' } })).statusCode).toBe(403);
        expect((await s.call('PATCH', `/api/sites/${theirs.id}`, { token, body: { name: 'X' } })).statusCode).toBe(403);
      }
    });

    it("never shows another tenant's sites", async () => {
      const site = await buildSite({ name: 'Tenant Secret' });
      expect((await s.call('GET', `/api/sites/${site.id}`, { token: tok.otherOffice })).statusCode).toBe(404);
      expect((await s.call('PATCH', `/api/sites/${site.id}`, { token: tok.otherOffice, body: { name: 'Mine' } })).statusCode).toBe(404);
      expect(await listSites(tok.otherOffice)).toEqual([]);
      expect(await listSites(tok.otherOffice, `?clientId=${t.clientId}`)).toEqual([]);
    });
  });
}
