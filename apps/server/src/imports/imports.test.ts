import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_MAX_ROWS, LIMITS, type TAsset, type TAuditEntry, type TClient, type TImportErrorBody, type TImportResult, type TSite } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const CLIENTS_CSV = [
  '\uFEFFName,Address,Phone,Email,Notes,Contact Name,Contact_Email,CONTACT_PHONE',
  '"Northern Homes, Ltd","1 Quay St\r\nLeeds",0113 496 0000,office@northern.test,"Says ""call first""",Pat Lee,pat@northern.test,07700 900001',
  'Moorland Trust,,,,,,,',
  '',
].join('\r\n');
const SITES_CSV = [
  'client,name,address1,address2,town,postcode,lat,lng,access_notes,occupant_name,occupant_phone,occupant_email',
  '"Northern Homes, Ltd",Flat 1,1 Elm Row,,Leeds,ls6 1aa,53.81,-1.57,"Key safe, code 1234",Ada Hart,07700 900123,ada@example.test',
  'Moorland Trust,Moor Cottage,2 Moor Lane,,,HG3 4BB,,,,,,',
].join('\n');
const ASSETS_CSV = ['site_name,postcode,type,make,model,serial,location', 'Flat 1,LS6 1AA,Boiler,Worcester,Greenstar,WB-1,Kitchen', 'Moor Cottage,hg3 4bb,Oil tank,,,,Garden'].join('\n');

for (const dialect of DIALECTS) {
  describe(`CSV import (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let office = '';
    let admin = '';

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'imports' });
      t = await buildTenant(s);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
    });
    afterAll(async () => s?.stop());

    const post = (kind: string, csv: string, extra: Record<string, unknown> = {}, token = office) => s.call('POST', `/api/imports/${kind}`, { token, body: { csv, ...extra } });
    const counts = async () => {
      const db = s.ctx.database.db;
      const n = async (table: 'clients' | 'sites' | 'assets' | 'contacts' | 'change_log') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { clients: await n('clients'), sites: await n('sites'), assets: await n('assets'), contacts: await n('contacts'), changes: await n('change_log') };
    };
    const refused = async (res: { statusCode: number; json<T>(): T; body: string }) => {
      expect(res.statusCode, res.body).toBe(422);
      const body = res.json<TImportErrorBody>();
      expect(body.error.code).toBe('import_invalid');
      return body;
    };

    it('checks a file without writing anything on dryRun', async () => {
      const before = await counts();
      const res = await post('clients', CLIENTS_CSV, { dryRun: true });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<TImportResult>()).toEqual({ imported: 2, rows: 2, dryRun: true });
      expect(await counts()).toEqual(before);
    });

    it('imports a good file of each kind whole: quoted commas, line breaks, quotes and a BOM included', async () => {
      const before = await counts();
      const c = await post('clients', CLIENTS_CSV);
      expect(c.statusCode, c.body).toBe(200);
      expect(c.json<TImportResult>()).toEqual({ imported: 2, rows: 2, dryRun: false });
      const clients = (await s.call('GET', '/api/clients?q=northern', { token: office })).json<{ clients: TClient[] }>().clients;
      expect(clients).toHaveLength(1);
      expect(clients[0]).toMatchObject({
        name: 'Northern Homes, Ltd',
        address: '1 Quay St\r\nLeeds',
        notes: 'Says "call first"',
        contacts: [{ name: 'Pat Lee', email: 'pat@northern.test', phone: '07700 900001' }],
      });

      const st = await post('sites', SITES_CSV);
      expect(st.json<TImportResult>()).toEqual({ imported: 2, rows: 2, dryRun: false });
      const sites = (await s.call('GET', '/api/sites?q=flat 1', { token: office })).json<{ sites: TSite[] }>().sites;
      expect(sites[0]).toMatchObject({ clientName: 'Northern Homes, Ltd', postcode: 'LS6 1AA', lat: 53.81, lng: -1.57, accessNotes: 'Key safe, code 1234', town: 'Leeds', address2: null });

      const as = await post('assets', ASSETS_CSV);
      expect(as.json<TImportResult>()).toEqual({ imported: 2, rows: 2, dryRun: false });
      const assets = (await s.call('GET', `/api/sites/${sites[0]!.id}/assets`, { token: office })).json<{ assets: TAsset[] }>().assets;
      expect(assets).toMatchObject([{ type: 'Boiler', make: 'Worcester', serial: 'WB-1', location: 'Kitchen' }]);

      const after = await counts();
      expect(after).toMatchObject({ clients: before.clients + 2, sites: before.sites + 2, assets: before.assets + 2, contacts: before.contacts + 1 });
      expect(after.changes).toBe(before.changes + 6);
      const audit = (await s.call('GET', '/api/audit?action=import.completed', { token: admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(audit.map((e) => e.details)).toEqual([
        { kind: 'assets', imported: 2, rows: 2 },
        { kind: 'sites', imported: 2, rows: 2 },
        { kind: 'clients', imported: 2, rows: 2 },
      ]);
    });

    it('imports nothing when one row is bad, and names that row by its line, column and problem', async () => {
      const before = await counts();
      const csv = [
        'client,name,address1,postcode,lat,occupant_email',
        'Moorland Trust,Good Site,1 Good Road,HG1 1AA,,',
        '"Moorland Trust",Bad Site,"2 Bad Road,',
        'second line of the address",HG1 1AB,north,not-an-email',
        'Nobody Ltd,Orphan,3 Road,HG1 1AC,,',
        'Moorland Trust,Blank Address,,HG1 1AD,,',
      ].join('\n');
      for (const dryRun of [false, true]) {
        const body = await refused(await post('sites', csv, { dryRun }));
        expect(body.rows).toEqual([
          {
            row: 3,
            errors: [
              { column: 'lat', message: '"north" is not a number.' },
              { column: 'occupant_email', message: expect.any(String) as string },
            ],
          },
          { row: 5, errors: [{ column: 'client', message: 'No client named "Nobody Ltd".' }] },
          { row: 6, errors: [{ column: 'address1', message: 'Required.' }] },
        ]);
        expect(body.error.message).toMatch(/3 of 4 rows have errors; nothing was imported/);
      }
      expect(await counts()).toEqual(before);
    });

    it('imports nothing from a file with a single bad row among good ones', async () => {
      const before = await counts();
      const body = await refused(await post('clients', 'name,email,contact_name\nGood One,a@good.test,\nGood Two,,\nBad Email,not-an-email,\nGood Three,,\n'));
      expect(body.rows).toEqual([{ row: 4, errors: [{ column: 'email', message: expect.stringMatching(/email/i) as string }] }]);
      expect(await counts()).toEqual(before);
      expect((await s.call('GET', '/api/clients?q=good', { token: office })).json<{ clients: TClient[] }>().clients).toEqual([]);
    });

    it('refuses a file with unknown or missing columns, or rows of the wrong length, before reading rows', async () => {
      const unknown = await refused(await post('clients', 'name,fax\nA,1\n'));
      expect(unknown.rows).toEqual([{ row: 1, errors: [{ column: 'fax', message: expect.stringMatching(/Unknown column "fax"/) as string }] }]);
      const missing = await refused(await post('assets', 'site_name,type\nA,B\n'));
      expect(missing.rows[0]?.errors).toEqual([{ column: 'postcode', message: 'The column postcode is missing (required).' }]);
      const repeated = await refused(await post('clients', 'name,Name\nA,B\n'));
      expect(repeated.rows[0]?.errors[0]?.message).toMatch(/more than once/);
      const short = await refused(await post('clients', 'name,phone\nA,1\nB\nC,3,\n'));
      expect(short.rows).toEqual([{ row: 3, errors: [{ column: '', message: expect.stringMatching(/^This row has 1 field; the header has 2 columns/) as string }] }]);
      const broken = await refused(await post('clients', 'name\n"never closed\n'));
      expect(broken.rows).toEqual([{ row: 2, errors: [{ column: '', message: expect.stringMatching(/never closed/) as string }] }]);
      expect((await refused(await post('clients', 'name\n\n'))).error.message).toMatch(/no rows/);
    });

    it('refuses rows repeated within the file, and records that already exist', async () => {
      const before = await counts();
      const dup = await refused(await post('clients', 'name\nAcorn Homes\nBirch Homes\nacorn homes\nMoorland Trust\n'));
      expect(dup.rows).toEqual([
        { row: 4, errors: [{ column: 'name', message: 'The same client name as row 2: each may appear once.' }] },
        { row: 5, errors: [{ column: 'name', message: 'A client named "Moorland Trust" already exists.' }] },
      ]);
      const again = await refused(await post('assets', ASSETS_CSV));
      expect(again.rows.map((r) => r.row)).toEqual([2, 3]);
      const twice = await refused(await post('sites', 'client,name,address1,postcode\nMoorland Trust,Twin,1 Road,HG9 9ZZ\nMoorland Trust,twin,1 Road,hg9 9zz\n'));
      expect(twice.rows).toEqual([{ row: 3, errors: [{ column: 'name', message: 'The same site name and postcode as row 2: each may appear once.' }] }]);
      expect(await counts()).toEqual(before);
    });

    it(`refuses a file of more than ${IMPORT_MAX_ROWS} rows whole, and takes one of exactly that many`, async () => {
      const rows = (n: number, prefix: string) => ['site_name,postcode,type,serial', ...Array.from({ length: n }, (_, i) => `Moor Cottage,HG3 4BB,Radiator,${prefix}-${i}`)].join('\n');
      const before = await counts();
      const tooMany = await refused(await post('assets', rows(IMPORT_MAX_ROWS + 1, 'X')));
      expect(tooMany.error.message).toMatch(/at most 5000/);
      expect(await counts()).toEqual(before);
      const full = await post('assets', rows(IMPORT_MAX_ROWS, 'R'));
      expect(full.statusCode, full.body.slice(0, 300)).toBe(200);
      expect(full.json<TImportResult>()).toEqual({ imported: IMPORT_MAX_ROWS, rows: IMPORT_MAX_ROWS, dryRun: false });
      expect((await counts()).changes).toBe(before.changes + IMPORT_MAX_ROWS);
    });

    it('takes files larger than an ordinary request body, up to LIMITS.csvBytes', async () => {
      const notes = 'n'.repeat(300);
      const big = ['name,notes', ...Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => `Big Client ${i},${notes}`)].join('\n');
      expect(big.length).toBeGreaterThan(LIMITS.jsonBodyBytes);
      const res = await post('clients', big, { dryRun: true });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.json<TImportResult>()).toMatchObject({ imported: IMPORT_MAX_ROWS, dryRun: true });
      const tooBig = await post('clients', `name\n${'x'.repeat(LIMITS.csvBytes)}\n`, { dryRun: true });
      expect(tooBig.statusCode).toBe(400);
      expect(tooBig.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/larger than 5 MB/) as string });
    });

    it("is for admin and office users; another tenant's records are not found by name", async () => {
      for (const role of ['engineer', 'client'] as const) {
        const token = await s.signIn(t.users[role].login, TEST_PASSWORD);
        expect((await post('clients', 'name\nX\n', {}, token)).statusCode).toBe(403);
      }
      const other = await buildTenant(s);
      const theirs = await s.signIn(other.users.office.login, TEST_PASSWORD);
      const res = await refused(await post('sites', 'client,name,address1,postcode\nMoorland Trust,X,1 Road,HG1 1AA\n', {}, theirs));
      expect(res.rows[0]?.errors).toEqual([{ column: 'client', message: 'No client named "Moorland Trust".' }]);
    });
  });
}
