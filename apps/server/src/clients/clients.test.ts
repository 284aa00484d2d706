import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAuditEntry, TClient } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

for (const dialect of DIALECTS) {
  describe(`clients with contacts (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    const tok = {} as Record<'admin' | 'office' | 'engineer' | 'client' | 'otherAdmin', string>;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'clients' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) tok[role] = await s.signIn(t.users[role].login, TEST_PASSWORD);
      tok.otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
    });
    afterAll(async () => s?.stop());

    const create = async (body: Record<string, unknown>, token = tok.office) => {
      const res = await s.call('POST', '/api/clients', { token, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ client: TClient }>().client;
    };
    const list = async (token: string, query = '') => {
      const res = await s.call('GET', `/api/clients${query}`, { token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ clients: TClient[] }>().clients;
    };

    it('creates a client with its contacts in order, and shows it in the list and on its own', async () => {
      const c = await create({
        name: 'Riverside Housing',
        address: '10 Quay Street, Leeds',
        phone: '0113 496 0100',
        email: 'Repairs@Riverside.test',
        notes: 'Invoices monthly',
        contacts: [
          { name: 'Alex Kerr', role: 'Repairs manager', email: 'alex@riverside.test', phone: '07700 900001' },
          { name: 'Bea Moss' },
        ],
      });
      expect(c).toMatchObject({ name: 'Riverside Housing', address: '10 Quay Street, Leeds', notes: 'Invoices monthly' });
      expect(c.contacts.map((x) => x.name)).toEqual(['Alex Kerr', 'Bea Moss']);
      expect(c.contacts[1]).toMatchObject({ role: null, email: null, phone: null });

      const one = await s.call('GET', `/api/clients/${c.id}`, { token: tok.admin });
      expect(one.json<{ client: TClient }>().client).toEqual(c);
      const listed = (await list(tok.office)).find((x) => x.id === c.id);
      expect(listed?.contacts.map((x) => x.name)).toEqual(['Alex Kerr', 'Bea Moss']);
    });

    it('lists clients by name, with a search and paging', async () => {
      await create({ name: 'Zeta Estates' });
      await create({ name: 'alpha lettings' });
      const names = (await list(tok.office)).map((c) => c.name);
      expect(names.indexOf('alpha lettings')).toBeLessThan(names.indexOf('Zeta Estates'));
      expect((await list(tok.office, '?q=ZETA')).map((c) => c.name)).toEqual(['Zeta Estates']);
      expect(await list(tok.office, '?q=100%25')).toEqual([]);
      const page = await list(tok.office, '?limit=1&offset=1');
      expect(page).toHaveLength(1);
      expect(page[0]?.name).toBe(names[1]);
    });

    it('replaces the contact list whole on PATCH, and leaves it alone when contacts are not given', async () => {
      const c = await create({ name: 'Hillside Trust', contacts: [{ name: 'Old One' }, { name: 'Old Two' }] });
      const renamed = await s.call('PATCH', `/api/clients/${c.id}`, { token: tok.office, body: { name: 'Hillside Homes Trust' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json<{ client: TClient }>().client.contacts.map((x) => x.name)).toEqual(['Old One', 'Old Two']);
      const replaced = await s.call('PATCH', `/api/clients/${c.id}`, { token: tok.admin, body: { phone: null, contacts: [{ name: 'New One', email: 'new@hill.test' }] } });
      expect(replaced.json<{ client: TClient }>().client).toMatchObject({ name: 'Hillside Homes Trust', phone: null, contacts: [{ name: 'New One', email: 'new@hill.test' }] });
      const cleared = await s.call('PATCH', `/api/clients/${c.id}`, { token: tok.admin, body: { contacts: [] } });
      expect(cleared.json<{ client: TClient }>().client.contacts).toEqual([]);
      const contactRows = await s.ctx.database.db.selectFrom('contacts').select('id').where('owner_id', '=', c.id).execute();
      expect(contactRows).toEqual([]);
    });

    it('records every write in the change log (with the contacts) and audits them', async () => {
      const c = await create({ name: 'Logged Ltd', contacts: [{ name: 'Lou' }] });
      await s.call('PATCH', `/api/clients/${c.id}`, { token: tok.office, body: { notes: 'Changed' } });
      const changes = await s.ctx.database.db.selectFrom('change_log').selectAll().where('entity_id', '=', c.id).orderBy('position').execute();
      expect(changes.map((r) => [r.entity, r.op])).toEqual([
        ['client', 'put'],
        ['client', 'put'],
      ]);
      const last = JSON.parse(changes[1]!.data) as TClient;
      expect(last).toMatchObject({ name: 'Logged Ltd', notes: 'Changed', contacts: [{ name: 'Lou' }] });
      expect(changes.every((r) => r.tenant_id === t.tenant.id)).toBe(true);
      const audit = await s.call('GET', '/api/audit?action=client.updated', { token: tok.admin });
      expect(audit.json<{ entries: TAuditEntry[] }>().entries.some((e) => e.subject === c.id)).toBe(true);
    });

    it('lets a client user see only its own organisation, and refuses it and engineers any change', async () => {
      const mine = await list(tok.client);
      expect(mine.map((c) => c.id)).toEqual([t.clientId]);
      const someoneElse = await create({ name: 'Not Yours Ltd' });
      expect((await s.call('GET', `/api/clients/${someoneElse.id}`, { token: tok.client })).statusCode).toBe(404);
      expect((await s.call('GET', `/api/clients/${t.clientId}`, { token: tok.client })).statusCode).toBe(200);
      for (const token of [tok.client, tok.engineer]) {
        expect((await s.call('POST', '/api/clients', { token, body: { name: 'Sneaky' } })).statusCode).toBe(403);
        expect((await s.call('PATCH', `/api/clients/${t.clientId}`, { token, body: { name: 'Sneaky' } })).statusCode).toBe(403);
      }
      expect((await s.call('GET', '/api/clients', { token: tok.engineer })).statusCode).toBe(403);
    });

    it("never shows or changes another tenant's client", async () => {
      const c = await create({ name: 'Private Client' });
      expect((await s.call('GET', `/api/clients/${c.id}`, { token: tok.otherAdmin })).statusCode).toBe(404);
      expect((await s.call('PATCH', `/api/clients/${c.id}`, { token: tok.otherAdmin, body: { name: 'Taken' } })).statusCode).toBe(404);
      expect((await list(tok.otherAdmin)).some((x) => x.id === c.id)).toBe(false);
    });

    it('refuses a bad contact with the field that is wrong, storing nothing', async () => {
      const before = (await list(tok.admin)).length;
      const res = await s.call('POST', '/api/clients', { token: tok.admin, body: { name: 'Bad Contact Ltd', contacts: [{ name: 'Ann', email: 'not-an-email' }] } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: { code: string; issues: Array<{ path: string }> } }>().error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'body.contacts.0.email' }] });
      expect((await list(tok.admin)).length).toBe(before);
    });
  });
}
