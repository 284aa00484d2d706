import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAuditEntry, TSite, TWarning, TWarningType } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { liveWarningsForSite } from './warnings.repository.js';

const HOUR = 3_600_000;
type ErrorBody = { error: { code: string; issues?: Array<{ path: string }> } };

for (const dialect of DIALECTS) {
  describe(`warnings (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    let types: Record<string, TWarningType> = {};
    const tok = {} as Record<'admin' | 'office' | 'engineer' | 'client' | 'otherAdmin', string>;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'warnings' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) tok[role] = await s.signIn(t.users[role].login, TEST_PASSWORD);
      tok.otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
      const list = (await s.call('GET', '/api/warning-types', { token: tok.office })).json<{ warningTypes: TWarningType[] }>().warningTypes;
      types = Object.fromEntries(list.map((w) => [w.key, w]));
    });
    afterAll(async () => s?.stop());

    const buildSite = async (name = 'Warned House') => {
      const res = await s.call('POST', '/api/sites', { token: tok.office, body: { clientId: t.clientId, name, address1: '1 Road', postcode: 'LS1 1AA' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ site: TSite }>().site.id;
    };
    const buildAsset = async (siteId: string) =>
      (await s.call('POST', '/api/assets', { token: tok.office, body: { siteId, type: 'Boiler' } })).json<{ asset: { id: string } }>().asset.id;
    const addWarning = async (body: Record<string, unknown>, token = tok.office) => {
      const res = await s.call('POST', '/api/warnings', { token, body: { typeId: types.aggressive_animal!.id, ...body } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ warning: TWarning }>().warning;
    };
    const warningsOf = async (siteId: string, include = 'live', token = tok.office) => {
      const res = await s.call('GET', `/api/sites/${siteId}/warnings?include=${include}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ warnings: TWarning[] }>().warnings;
    };
    const countOf = async (siteId: string) => (await s.call('GET', `/api/sites/${siteId}`, { token: tok.office })).json<{ site: TSite }>().site.liveWarningCount;

    it('seeds the standard warning types for every tenant', () => {
      expect(Object.keys(types).sort()).toEqual(['aggressive_animal', 'asbestos_present', 'attend_in_pairs', 'infection_risk', 'lone_working_prohibited', 'vulnerable_occupant']);
      expect(types.attend_in_pairs).toMatchObject({ name: 'Attend in pairs', defaultSeverity: 'danger', active: true });
    });

    it("adds warnings to a site and its assets, the type's severity and now as defaults, most severe first", async () => {
      const siteId = await buildSite();
      const assetId = await buildAsset(siteId);
      const dog = await addWarning({ siteId, text: 'Large dog, keep gate shut' });
      expect(dog).toMatchObject({ siteId, assetId: null, typeKey: 'aggressive_animal', typeName: 'Aggressive animal', severity: 'caution', live: true, removedAt: null, visibleToEngineers: true });
      expect(dog.validFrom).toBe(s.clock.now().toISOString());
      expect(dog.createdByName).toBe(`office of ${t.tenant.slug}`);
      const asbestos = await addWarning({ siteId, assetId, typeId: types.asbestos_present!.id, text: 'Flue lagging' });
      expect(asbestos).toMatchObject({ assetId, severity: 'danger' });
      const note = await addWarning({ siteId, severity: 'info', text: 'Ring before arriving' });

      expect((await warningsOf(siteId)).map((w) => w.id)).toEqual([asbestos.id, dog.id, note.id]);
      expect(await countOf(siteId)).toBe(3);
      const listed = (await s.call('GET', '/api/sites', { token: tok.office })).json<{ sites: TSite[] }>().sites.find((x) => x.id === siteId);
      expect(listed?.liveWarningCount).toBe(3);

      const changes = await s.ctx.database.db.selectFrom('change_log').select(['entity', 'op', 'data']).where('entity_id', '=', dog.id).execute();
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ entity: 'warning', op: 'put' });
      expect(JSON.parse(changes[0]!.data)).toMatchObject({ id: dog.id, siteId, typeKey: 'aggressive_animal', removedAt: null });
    });

    it('stops counting an expired warning by itself, and starts a future one when its time comes', async () => {
      const siteId = await buildSite('Clocked House');
      const now = s.clock.now().getTime();
      const expiring = await addWarning({ siteId, typeId: types.infection_risk!.id, text: 'Household isolating', validUntil: new Date(now + 2 * HOUR).toISOString() });
      const future = await addWarning({ siteId, text: 'Dog arrives next week', validFrom: new Date(now + 24 * HOUR).toISOString() });
      expect(future.live).toBe(false);
      expect((await warningsOf(siteId)).map((w) => w.id)).toEqual([expiring.id]);

      s.clock.advance(3 * HOUR);
      expect(await warningsOf(siteId)).toEqual([]);
      expect(await countOf(siteId)).toBe(0);
      const all = await warningsOf(siteId, 'all');
      expect(all.find((w) => w.id === expiring.id)).toMatchObject({ live: false, removedAt: null });

      s.clock.advance(24 * HOUR);
      expect((await warningsOf(siteId)).map((w) => w.id)).toEqual([future.id]);
      expect(await countOf(siteId)).toBe(1);
    });

    it('removes a warning without deleting it, audited with the reason; adding is audited too', async () => {
      const siteId = await buildSite('Removal House');
      const w = await addWarning({ siteId, text: 'Dog' });
      const res = await s.call('POST', `/api/warnings/${w.id}/remove`, { token: tok.admin, body: { reason: 'Dog rehomed' } });
      expect(res.statusCode, res.body).toBe(200);
      const removed = res.json<{ warning: TWarning }>().warning;
      expect(removed).toMatchObject({ live: false, removedAt: s.clock.now().toISOString() });
      expect(await warningsOf(siteId)).toEqual([]);
      expect((await warningsOf(siteId, 'all')).map((x) => x.id)).toEqual([w.id]);
      const row = await s.ctx.database.db.selectFrom('warnings').selectAll().where('id', '=', w.id).executeTakeFirst();
      expect(row).toMatchObject({ removed_by: t.users.admin.id });

      const again = await s.call('POST', `/api/warnings/${w.id}/remove`, { token: tok.admin, body: {} });
      expect(again.statusCode).toBe(409);

      const added = (await s.call('GET', '/api/audit?action=warning.added', { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(added.find((e) => e.subject === w.id)).toMatchObject({ actorLogin: t.users.office.login, details: { siteId, type: 'aggressive_animal', text: 'Dog' } });
      const gone = (await s.call('GET', '/api/audit?action=warning.removed', { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(gone.find((e) => e.subject === w.id)).toMatchObject({ actorLogin: t.users.admin.login, details: { reason: 'Dog rehomed' } });
      const changes = await s.ctx.database.db.selectFrom('change_log').select('data').where('entity_id', '=', w.id).orderBy('position').execute();
      expect(changes).toHaveLength(2);
      expect((JSON.parse(changes[1]!.data) as TWarning).removedAt).not.toBeNull();
    });

    it('never shows warnings to client users; engineers see only those meant for them; neither may add or remove', async () => {
      const siteId = await buildSite('Role House');
      const shown = await addWarning({ siteId, text: 'Shown' });
      await addWarning({ siteId, text: 'Office only', visibleToEngineers: false });
      expect((await s.call('GET', `/api/sites/${siteId}/warnings`, { token: tok.client })).statusCode).toBe(403);
      expect((await s.call('GET', `/api/sites/${siteId}`, { token: tok.client })).json<{ site: TSite }>().site.liveWarningCount).toBe(0);
      expect((await warningsOf(siteId, 'live', tok.engineer)).map((w) => w.id)).toEqual([shown.id]);
      for (const token of [tok.client, tok.engineer]) {
        expect((await s.call('POST', '/api/warnings', { token, body: { siteId, typeId: types.aggressive_animal!.id } })).statusCode).toBe(403);
        expect((await s.call('POST', `/api/warnings/${shown.id}/remove`, { token, body: {} })).statusCode).toBe(403);
      }
    });

    it("refuses a warning naming an asset of another site, another tenant's site or type, or a retired type", async () => {
      const siteId = await buildSite('Strict House');
      const elsewhere = await buildAsset(await buildSite('Elsewhere'));
      const post = (body: Record<string, unknown>, token = tok.office) => s.call('POST', '/api/warnings', { token, body: { siteId, typeId: types.aggressive_animal!.id, ...body } });
      const pathOf = async (p: Promise<{ statusCode: number; json<T>(): T }>) => {
        const res = await p;
        expect(res.statusCode).toBe(400);
        return res.json<ErrorBody>().error.issues?.[0]?.path;
      };
      expect(await pathOf(post({ assetId: elsewhere }))).toBe('assetId');
      expect(await pathOf(post({}, tok.otherAdmin))).toBe('siteId');
      const theirTypes = (await s.call('GET', '/api/warning-types', { token: tok.otherAdmin })).json<{ warningTypes: TWarningType[] }>().warningTypes;
      expect(await pathOf(post({ typeId: theirTypes[0]!.id }))).toBe('typeId');
      expect(await pathOf(post({ validFrom: '2030-01-02T00:00:00.000Z', validUntil: '2030-01-01T00:00:00.000Z' }))).toBe('body.validUntil');
      expect(await pathOf(post({ validUntil: new Date(s.clock.now().getTime() - HOUR).toISOString() }))).toBe('validUntil');
      expect(await warningsOf(siteId, 'all')).toEqual([]);
    });

    it('lets an admin add, rename and retire warning types; keys are unique; office may only read', async () => {
      const created = await s.call('POST', '/api/warning-types', { token: tok.admin, body: { key: 'working_at_height', name: 'Working at height', defaultSeverity: 'caution' } });
      expect(created.statusCode, created.body).toBe(201);
      const wt = created.json<{ warningType: TWarningType }>().warningType;
      expect(wt).toMatchObject({ key: 'working_at_height', active: true });
      const dup = await s.call('POST', '/api/warning-types', { token: tok.admin, body: { key: 'working_at_height', name: 'Again', defaultSeverity: 'info' } });
      expect(dup.statusCode).toBe(409);
      expect(dup.json<ErrorBody>().error.code).toBe('conflict');
      // Another tenant may use the same key.
      expect((await s.call('POST', '/api/warning-types', { token: tok.otherAdmin, body: { key: 'working_at_height', name: 'WAH', defaultSeverity: 'info' } })).statusCode).toBe(201);
      expect((await s.call('POST', '/api/warning-types', { token: tok.office, body: { key: 'office_made', name: 'X', defaultSeverity: 'info' } })).statusCode).toBe(403);
      expect((await s.call('PATCH', `/api/warning-types/${wt.id}`, { token: tok.office, body: { name: 'X' } })).statusCode).toBe(403);
      expect((await s.call('GET', '/api/warning-types', { token: tok.engineer })).statusCode).toBe(403);

      const retired = await s.call('PATCH', `/api/warning-types/${wt.id}`, { token: tok.admin, body: { name: 'Work at height', active: false } });
      expect(retired.json<{ warningType: TWarningType }>().warningType).toMatchObject({ name: 'Work at height', active: false, key: 'working_at_height' });
      const siteId = await buildSite('Retired Type House');
      const refused = await s.call('POST', '/api/warnings', { token: tok.office, body: { siteId, typeId: wt.id } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<ErrorBody>().error.issues?.[0]?.path).toBe('typeId');
      const audit = (await s.call('GET', '/api/audit?action=warning_type.updated', { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(audit.map((e) => e.subject)).toContain(wt.id);
      expect(await s.ctx.database.db.selectFrom('change_log').select('op').where('entity_id', '=', wt.id).execute()).toHaveLength(2);
    });

    it("liveWarningsForSite gives the site's warnings and that asset's only, sorted, live at the given time", async () => {
      const siteId = await buildSite('Allocation House');
      const boiler = await buildAsset(siteId);
      const meter = await buildAsset(siteId);
      const onSite = await addWarning({ siteId, severity: 'caution', text: 'Site' });
      const onBoiler = await addWarning({ siteId, assetId: boiler, typeId: types.asbestos_present!.id, text: 'Boiler' });
      await addWarning({ siteId, assetId: meter, text: 'Meter' });
      const gone = await addWarning({ siteId, text: 'Removed' });
      await s.call('POST', `/api/warnings/${gone.id}/remove`, { token: tok.office, body: {} });
      const now = s.clock.now();
      const db = s.ctx.database.read;
      expect((await liveWarningsForSite(db, t.tenant.id, siteId, boiler, now)).map((w) => w.id)).toEqual([onBoiler.id, onSite.id]);
      expect((await liveWarningsForSite(db, t.tenant.id, siteId, null, now)).map((w) => w.id)).toEqual([onSite.id]);
      expect(await liveWarningsForSite(db, other.tenant.id, siteId, boiler, now)).toEqual([]);
      expect(await liveWarningsForSite(db, t.tenant.id, siteId, boiler, new Date(now.getTime() - HOUR))).toEqual([]);
    });
  });
}
