import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAuditEntry, TSupplier } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

for (const dialect of DIALECTS) {
  describe(`suppliers with contacts (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    const tok = {} as Record<'admin' | 'office' | 'engineer' | 'client' | 'otherOffice', string>;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'suppliers' });
      t = await buildTenant(s);
      const other = await buildTenant(s);
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) tok[role] = await s.signIn(t.users[role].login, TEST_PASSWORD);
      tok.otherOffice = await s.signIn(other.users.office.login, TEST_PASSWORD);
    });
    afterAll(async () => s?.stop());

    it('adds, lists, reads and changes suppliers, contacts included, with change log and audit', async () => {
      const res = await s.call('POST', '/api/suppliers', {
        token: tok.office,
        body: { name: 'Pipe & Fitting Co', email: 'sales@pipe.test', contacts: [{ name: 'Trade counter', phone: '0113 496 0200' }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      const sup = res.json<{ supplier: TSupplier }>().supplier;
      expect(sup.contacts).toMatchObject([{ name: 'Trade counter', phone: '0113 496 0200' }]);
      await s.call('POST', '/api/suppliers', { token: tok.admin, body: { name: 'Acme Electrical' } });

      const list = (await s.call('GET', '/api/suppliers', { token: tok.office })).json<{ suppliers: TSupplier[] }>().suppliers;
      expect(list.map((x) => x.name)).toEqual(['Acme Electrical', 'Pipe & Fitting Co']);
      expect(list[1]?.contacts).toHaveLength(1);

      const patched = await s.call('PATCH', `/api/suppliers/${sup.id}`, { token: tok.office, body: { notes: 'Account 4471', contacts: [{ name: 'Jo' }, { name: 'Kit' }] } });
      expect(patched.json<{ supplier: TSupplier }>().supplier).toMatchObject({ notes: 'Account 4471', contacts: [{ name: 'Jo' }, { name: 'Kit' }] });
      const one = (await s.call('GET', `/api/suppliers/${sup.id}`, { token: tok.admin })).json<{ supplier: TSupplier }>().supplier;
      expect(one.contacts.map((c) => c.name)).toEqual(['Jo', 'Kit']);

      const changes = await s.ctx.database.db.selectFrom('change_log').select(['entity', 'op']).where('entity_id', '=', sup.id).execute();
      expect(changes).toEqual([
        { entity: 'supplier', op: 'put' },
        { entity: 'supplier', op: 'put' },
      ]);
      const audit = (await s.call('GET', '/api/audit?action=supplier.updated', { token: tok.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(audit.map((e) => e.subject)).toContain(sup.id);
      // A supplier's contacts are not a client's.
      const clientContacts = await s.ctx.database.db.selectFrom('contacts').select('owner_kind').where('owner_id', '=', sup.id).execute();
      expect(clientContacts.every((c) => c.owner_kind === 'supplier')).toBe(true);
    });

    it('is office business: clients and engineers are refused, and other tenants see nothing', async () => {
      const sup = (await s.call('POST', '/api/suppliers', { token: tok.admin, body: { name: 'Hidden Supplies' } })).json<{ supplier: TSupplier }>().supplier;
      for (const token of [tok.client, tok.engineer]) {
        expect((await s.call('GET', '/api/suppliers', { token })).statusCode).toBe(403);
        expect((await s.call('GET', `/api/suppliers/${sup.id}`, { token })).statusCode).toBe(403);
        expect((await s.call('POST', '/api/suppliers', { token, body: { name: 'X' } })).statusCode).toBe(403);
        expect((await s.call('PATCH', `/api/suppliers/${sup.id}`, { token, body: { name: 'X' } })).statusCode).toBe(403);
      }
      expect((await s.call('GET', `/api/suppliers/${sup.id}`, { token: tok.otherOffice })).statusCode).toBe(404);
      expect((await s.call('PATCH', `/api/suppliers/${sup.id}`, { token: tok.otherOffice, body: { name: 'X' } })).statusCode).toBe(404);
      const theirs = (await s.call('GET', '/api/suppliers', { token: tok.otherOffice })).json<{ suppliers: TSupplier[] }>().suppliers;
      expect(theirs).toEqual([]);
    });
  });
}
