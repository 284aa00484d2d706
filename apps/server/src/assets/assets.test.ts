import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAsset, TAuditEntry } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

for (const dialect of DIALECTS) {
  describe(`assets (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let mySite = '';
    let otherClientSite = '';
    const tok = {} as Record<'admin' | 'office' | 'engineer' | 'client' | 'otherOffice', string>;

    const buildSite = async (clientId: string, name: string) => {
      const res = await s.call('POST', '/api/sites', { token: tok.office, body: { clientId, name, address1: '1 Road', postcode: 'LS1 1AA' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ site: { id: string } }>().site.id;
    };
    const buildAsset = async (body: Record<string, unknown>) => {
      const res = await s.call('POST', '/api/assets', { token: tok.office, body: { siteId: mySite, type: 'Boiler', ...body } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ asset: TAsset }>().asset;
    };

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'assets' });
      t = await buildTenant(s);
      const other = await buildTenant(s);
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) tok[role] = await s.signIn(t.users[role].login, TEST_PASSWORD);
      tok.otherOffice = await s.signIn(other.users.office.login, TEST_PASSWORD);
      mySite = await buildSite(t.clientId, 'Client site');
      const second = (await s.call('POST', '/api/clients', { token: tok.office, body: { name: 'Someone Else' } })).json<{ client: { id: string } }>().client.id;
      otherClientSite = await buildSite(second, 'Not the client user’s');
    });
    afterAll(async () => s?.stop());

    it("adds assets to a site, lists them by type, reads and changes one, with change log and audit", async () => {
      const boiler = await buildAsset({ make: 'Worcester', model: 'Greenstar 30i', serial: 'WB-123', location: 'Kitchen' });
      await buildAsset({ type: 'Alarm panel', location: 'Hall' });
      const list = (await s.call('GET', `/api/sites/${mySite}/assets`, { token: tok.office })).json<{ assets: TAsset[] }>().assets;
      expect(list.map((a) => a.type)).toEqual(['Alarm panel', 'Boiler']);
      expect((await s.call('GET', `/api/assets/${boiler.id}`, { token: tok.engineer })).json<{ asset: TAsset }>().asset).toEqual(boiler);

      const res = await s.call('PATCH', `/api/assets/${boiler.id}`, { token: tok.admin, body: { location: 'Loft', serial: null } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ asset: TAsset }>().asset).toMatchObject({ location: 'Loft', serial: null, make: 'Worcester' });

      const changes = await s.ctx.database.db.selectFrom('change_log').select(['entity', 'data']).where('entity_id', '=', boiler.id).orderBy('position').execute();
      expect(changes.map((c) => c.entity)).toEqual(['asset', 'asset']);
      expect(JSON.parse(changes[1]!.data)).toMatchObject({ siteId: mySite, location: 'Loft' });
      for (const action of ['asset.created', 'asset.updated']) {
        const entries = (await s.call('GET', `/api/audit?action=${action}`, { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
        expect(entries.map((e) => e.subject)).toContain(boiler.id);
      }
    });

    it("lets a client user read the assets of its own sites only, and refuses it and engineers writes", async () => {
      const mine = await buildAsset({ type: 'Meter' });
      const theirs = (await s.call('POST', '/api/assets', { token: tok.office, body: { siteId: otherClientSite, type: 'Pump' } })).json<{ asset: TAsset }>().asset;
      expect((await s.call('GET', `/api/sites/${mySite}/assets`, { token: tok.client })).statusCode).toBe(200);
      expect((await s.call('GET', `/api/assets/${mine.id}`, { token: tok.client })).statusCode).toBe(200);
      expect((await s.call('GET', `/api/sites/${otherClientSite}/assets`, { token: tok.client })).statusCode).toBe(404);
      expect((await s.call('GET', `/api/assets/${theirs.id}`, { token: tok.client })).statusCode).toBe(404);
      for (const token of [tok.client, tok.engineer]) {
        expect((await s.call('POST', '/api/assets', { token, body: { siteId: mySite, type: 'X' } })).statusCode).toBe(403);
        expect((await s.call('PATCH', `/api/assets/${mine.id}`, { token, body: { type: 'X' } })).statusCode).toBe(403);
      }
    });

    it("refuses an asset on another tenant's site at path siteId, and hides assets from other tenants", async () => {
      const asset = await buildAsset({ type: 'Secret' });
      const res = await s.call('POST', '/api/assets', { token: tok.otherOffice, body: { siteId: mySite, type: 'Boiler' } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { code: string; issues: Array<{ path: string }> } }>().error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'siteId' }] });
      expect((await s.call('GET', `/api/assets/${asset.id}`, { token: tok.otherOffice })).statusCode).toBe(404);
      expect((await s.call('GET', `/api/sites/${mySite}/assets`, { token: tok.otherOffice })).statusCode).toBe(404);
      expect((await s.call('PATCH', `/api/assets/${asset.id}`, { token: tok.otherOffice, body: { type: 'Mine' } })).statusCode).toBe(404);
    });
  });
}
