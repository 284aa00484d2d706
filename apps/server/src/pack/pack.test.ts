import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, parseConfig } from '../config/config.js';
import { replicatedTables } from '../db/replication-schema.js';
import { seedDemo } from '../demo/demo.js';
import { DIALECTS } from '../testing/dialects.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { findTenantBySlug } from '../tenants/tenants.repository.js';
import { DEFAULT_CUSTOMER_SCRIPT } from './pack-defaults.js';
import { packDays } from './pack-data.js';
import { csvRows, pdfText, unzipPack } from './pack.fixtures.js';
import { registerPackCommand } from './pack.cli.js';
import { startPackSchedule } from './pack.schedule.js';
import type { TPack, TPackList, TPackSettings } from './pack.schemas.js';
import { packStatus } from './pack.service.js';


const PASSWORD = 'demo-password-for-tests';
const FIRST_DAY = '2026-11-23'; // the test clock's Monday
const NEXT_DAY = '2026-11-24';

describe('pack days', () => {
  it('covers today when it is a working day and the next working day, skipping the weekend', () => {
    expect(packDays(new Date('2026-11-23T09:00:00Z'), 'Europe/London')).toEqual(['2026-11-23', '2026-11-24']);
    expect(packDays(new Date('2026-11-27T01:00:00Z'), 'Europe/London')).toEqual(['2026-11-27', '2026-11-30']); // Friday → Monday
    expect(packDays(new Date('2026-11-28T01:00:00Z'), 'Europe/London')).toEqual(['2026-11-30']); // Saturday
    // 23:30 UTC on Sunday is already Monday in Auckland.
    expect(packDays(new Date('2026-11-29T23:30:00Z'), 'Pacific/Auckland')).toEqual(['2026-11-30', '2026-12-01']);
  });
});

describe('pack configuration', () => {
  it('runs nightly at 01:00 and keeps 7 by default; "off" stops the schedule; nonsense is refused with the reason', () => {
    expect(parseConfig({}).pack).toEqual({ schedule: '0 1 * * *', keep: 7 });
    expect(parseConfig({ FIELDKEEP_PACK_SCHEDULE: 'off', FIELDKEEP_PACK_KEEP: '3' }).pack).toEqual({ schedule: null, keep: 3 });
    expect(() => parseConfig({ FIELDKEEP_PACK_SCHEDULE: 'every night', FIELDKEEP_PACK_KEEP: '0' })).toThrow(ConfigError);
    try {
      parseConfig({ FIELDKEEP_PACK_SCHEDULE: 'every night', FIELDKEEP_PACK_KEEP: '0' });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        expect.stringMatching(/^FIELDKEEP_PACK_SCHEDULE: must be a cron expression/),
        expect.stringMatching(/^FIELDKEEP_PACK_KEEP: /),
      ]);
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`fallback pack (${dialect})`, () => {
    let s: TestServer;
    let tenantId = '';
    const tokens: Record<'admin' | 'office' | 'engineer' | 'client', string> = { admin: '', office: '', engineer: '', client: '' };
    let files: Map<string, Buffer>;
    let first: TPack;

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'pack' });
      await seedDemo(s.ctx, PASSWORD);
      tenantId = (await findTenantBySlug(s.ctx.database.db, 'demo'))!.id;
      tokens.admin = await s.signIn('admin@demo.test', PASSWORD);
      tokens.office = await s.signIn('office@demo.test', PASSWORD);
      tokens.engineer = await s.signIn('eng1@demo.test', PASSWORD);
      tokens.client = await s.signIn('client@demo.test', PASSWORD);
      const made = await s.call('POST', '/api/pack', { token: tokens.office });
      expect(made.statusCode, made.body).toBe(201);
      first = made.json<{ pack: TPack }>().pack;
      const latest = await s.call('GET', '/api/pack/latest', { token: tokens.office });
      expect(latest.statusCode).toBe(200);
      expect(latest.headers['content-type']).toBe('application/zip');
      expect(latest.headers['content-disposition']).toContain(first.fileName);
      files = unzipPack(latest.rawPayload);
    }, 120_000);
    afterAll(async () => s?.stop());

    it('holds every expected document, PDF and CSV, under one folder named like the zip', () => {
      expect(first.fileName).toBe('fallback-pack-demo-2026-11-23-0900.zip');
      expect(first.summary).toMatchObject({ days: [FIRST_DAY, NEXT_DAY], clients: 3, suppliers: 2, sites: 12 });
      const names = [...files.keys()];
      expect(names).toEqual(
        expect.arrayContaining([
          '00-read-me-first.pdf',
          '01-customer-script.pdf',
          '02-system-back-up-checklist.pdf',
          '03-outstanding-jobs.pdf',
          '03-outstanding-jobs.csv',
          `job-sheets/${FIRST_DAY}/ellis-engineer.pdf`,
          `job-sheets/${FIRST_DAY}/eddie-edwards.pdf`,
          `job-sheets/${NEXT_DAY}/ellis-engineer.pdf`,
          `job-sheets/${NEXT_DAY}/esme-ellis.pdf`,
          'contacts/clients.pdf',
          'contacts/clients.csv',
          'contacts/sites.pdf',
          'contacts/sites.csv',
          'contacts/suppliers.pdf',
          'contacts/suppliers.csv',
          'blank-forms/01-manual-register.pdf',
          'blank-forms/job-sheet.pdf',
          'blank-forms/quote.pdf',
          'blank-forms/invoice.pdf',
          'blank-forms/purchase-order.pdf',
          'blank-forms/picking-list.pdf',
          'blank-forms/delivery-docket.pdf',
          'blank-forms/non-productive-time-log.pdf',
        ]),
      );
      expect(names).toHaveLength(first.summary.files);
      // Nobody without visits gets an empty job sheet (the apprentice has none booked).
      expect(names.some((n) => n.includes('sam-apprentice'))).toBe(false);
      for (const [name, bytes] of files) if (name.endsWith('.pdf')) expect(bytes.subarray(0, 5).toString(), name).toBe('%PDF-');
    });

    it("prints each engineer's job sheets with the site's live warnings, who to call and room to write", () => {
      const ellisTue = pdfText(files.get(`job-sheets/${NEXT_DAY}/ellis-engineer.pdf`)!);
      expect(ellisTue).toContain('Run sheet — Ellis Engineer');
      expect(ellisTue).toContain('22 Orchard Way');
      expect(ellisTue).toContain('CAUTION: VULNERABLE OCCUPANT');
      expect(ellisTue).toContain('Elderly occupant, hard of hearing.');
      expect(ellisTue).toContain('Mrs E. Brown, 07700 900456');
      expect(ellisTue).toContain('Priya Shah, Repairs manager, 0113 496 0101');
      expect(ellisTue).toContain('Grab rails in bathroom (OT referral)');
      for (const blank of ['Arrived (time)', 'Departed (time)', 'Work done and notes', 'Customer signature']) expect(ellisTue).toContain(blank);

      // Two engineers at a site where staff must attend in pairs: each sheet says so and names the other.
      const eddieMon = pdfText(files.get(`job-sheets/${FIRST_DAY}/eddie-edwards.pdf`)!);
      expect(eddieMon).toContain('DANGER: ATTEND IN PAIRS');
      expect(eddieMon).toContain('Eddie Edwards with Esme Ellis');
      expect(eddieMon).toContain('Mr D. Walsh, 07700 900123');
      expect(eddieMon).toContain('Entry phone 3; key safe code with the office.');
      expect(eddieMon).toContain('LONE WORKING PROHIBITED');

      // The asbestos warning is on the Mill Yard boiler: on the boiler service, not on the water-heater job.
      expect(pdfText(files.get(`job-sheets/${NEXT_DAY}/esme-ellis.pdf`)!)).toContain('DANGER: ASBESTOS PRESENT');
      expect(pdfText(files.get(`job-sheets/${FIRST_DAY}/ezra-evans.pdf`)!)).not.toContain('ASBESTOS');

      // An expired warning is printed nowhere.
      for (const [name, bytes] of files) if (/^(job-sheets|contacts)\/.*\.pdf$/.test(name)) expect(pdfText(bytes), name).not.toContain('now rehomed');
    });

    it('lists every client, site and supplier with their contacts, as PDF and CSV', () => {
      const clients = pdfText(files.get('contacts/clients.pdf')!);
      for (const x of ['Northside Housing Association', 'Riverside Homes', 'Hillcrest Lettings', 'Priya Shah', 'Tom Okafor', '0113 496 0000']) expect(clients).toContain(x);
      const suppliers = pdfText(files.get('contacts/suppliers.pdf')!);
      for (const x of ['City Plumbing Supplies', 'Dave Rowe', '0113 496 0301', 'Electrical Wholesale Ltd', 'Sam Lee']) expect(suppliers).toContain(x);
      const sites = pdfText(files.get('contacts/sites.pdf')!);
      for (const x of ['Flat 3, 14 Canal Street', 'Riverside Tower, flat 12', '11 Cardigan Road', 'Mrs E. Brown', 'Attend in pairs']) expect(sites).toContain(x);

      const clientRows = csvRows(files.get('contacts/clients.csv')!);
      expect(clientRows[0]).toEqual(['Name', 'Phone', 'Email', 'Address', 'Contact', 'Contact role', 'Contact phone', 'Contact email']);
      expect(clientRows.map((r) => r[0])).toEqual(expect.arrayContaining(['Northside Housing Association', 'Riverside Homes', 'Hillcrest Lettings']));
      expect(csvRows(files.get('contacts/suppliers.csv')!).find((r) => r[4] === 'Dave Rowe')?.[0]).toBe('City Plumbing Supplies');
      expect(csvRows(files.get('contacts/sites.csv')!)).toHaveLength(1 + 12);
    });

    it('lists outstanding jobs by due date, urgent ones marked, in the PDF and the CSV alike', () => {
      const rows = csvRows(files.get('03-outstanding-jobs.csv')!).slice(1);
      expect(rows.length).toBe(first.summary.outstandingJobs);
      const dates = rows.map((r) => r[0]!);
      const dated = dates.filter(Boolean);
      expect(dated).toEqual([...dated].sort());
      expect(dates.indexOf('')).toBe(dates.some((d) => d === '') ? dated.length : -1); // undated last
      expect(rows[0]).toEqual(expect.arrayContaining([FIRST_DAY, 'yes', 'emergency']));
      expect(rows.filter((r) => r[2] === 'yes')).toHaveLength(first.summary.urgentJobs);
      // Closed jobs are not outstanding.
      expect(rows.some((r) => r[8] === 'Duplicate report: sink blocked' || r[8] === 'Replace washer on bath cold tap')).toBe(false);

      const text = pdfText(files.get('03-outstanding-jobs.pdf')!);
      const refs = [...text.matchAll(/J-\d{6}/g)].map((m) => m[0]);
      expect(refs).toEqual(rows.map((r) => r[1]));
      expect(text).toContain('URGENT');
    });

    it('has the cover page, the script, the checklist and blank forms with the company name and numbering hints', async () => {
      const index = pdfText(files.get('00-read-me-first.pdf')!);
      expect(index).toContain('Demo Contracting Ltd');
      expect(index).toContain('Made Mon 23 Nov 2026, 09:00');
      expect(index).toContain('Price list / schedule of rates: not included.');
      expect(index).toContain('ellis-engineer.pdf');
      expect(index).toContain('Sam Apprentice');

      const last = await s.ctx.database.db.selectFrom('job_counters').select('last_number').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
      const next = `J-${String(Number(last.last_number) + 1).padStart(6, '0')}`;
      const jobSheet = pdfText(files.get('blank-forms/job-sheet.pdf')!);
      expect(jobSheet).toContain('Demo Contracting Ltd');
      expect(jobSheet).toContain(`Next in Fieldkeep: ${next}`);
      expect(pdfText(files.get('blank-forms/01-manual-register.pdf')!)).toContain(next);
      for (const [form, hint] of [
        ['quote', 'Q-20261123-01'],
        ['invoice', 'INV-20261123-01'],
        ['purchase-order', 'PO-20261123-01'],
        ['picking-list', 'PL-20261123-01'],
        ['delivery-docket', 'DD-20261123-01'],
      ] as const) {
        const t = pdfText(files.get(`blank-forms/${form}.pdf`)!);
        expect(t, form).toContain('Demo Contracting Ltd');
        expect(t, form).toContain(hint);
      }
      expect(pdfText(files.get('blank-forms/non-productive-time-log.pdf')!)).toContain('Week beginning');
      expect(pdfText(files.get('01-customer-script.pdf')!)).toContain('Demo Contracting Ltd, how can I help?');
      expect(pdfText(files.get('02-system-back-up-checklist.pdf')!)).toContain('initials');
    });

    it('keeps the zip as a replicated blob of the tenant, and as a file in the data folder', async () => {
      const blob = await s.ctx.database.db.selectFrom('blobs').selectAll().where('tenant_id', '=', tenantId).where('sha256', '=', first.sha256).executeTakeFirst();
      expect(blob).toMatchObject({ size: first.size, content_type: 'application/zip' });
      const latest = await s.call('GET', '/api/pack/latest', { token: tokens.admin });
      expect(createHash('sha256').update(latest.rawPayload).digest('hex')).toBe(first.sha256);
      const onDisk = fs.readdirSync(path.join(s.testDb.dataDir, 'packs', tenantId));
      expect(onDisk).toContain('2026-11-23T090000Z.zip');
      const tables = (await replicatedTables(s.ctx.database.db)).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(['packs', 'pack_runs', 'pack_settings', 'blobs']));
    });

    it('serves packs to admin and office only', async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/api/pack'],
        ['POST', '/api/pack'],
        ['GET', '/api/pack/latest'],
        ['GET', `/api/pack/files/${first.id}`],
        ['GET', '/api/pack/settings'],
        ['PUT', '/api/pack/settings', { customerScript: null, backUpChecklist: null }],
      ];
      for (const role of ['engineer', 'client'] as const) {
        for (const [method, url, body] of routes) {
          const res = await s.call(method, url, { token: tokens[role], ...(body ? { body } : {}) });
          expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
          expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
        }
      }
      for (const [method, url] of routes.slice(0, 5)) {
        if (method === 'POST') continue;
        expect((await s.call(method, url, { token: tokens.office })).statusCode, `office ${method} ${url}`).toBe(200);
      }
      expect((await s.call('PUT', '/api/pack/settings', { token: tokens.office, body: { customerScript: null, backUpChecklist: null } })).statusCode).toBe(403);
    });

    it('lets an admin change the customer script; the next pack prints it; null puts the default back', async () => {
      const before = (await s.call('GET', '/api/pack/settings', { token: tokens.office })).json<TPackSettings>();
      expect(before).toMatchObject({ customerScript: DEFAULT_CUSTOMER_SCRIPT, customerScriptIsDefault: true, backUpChecklistIsDefault: true, updatedAt: null });
      const script = 'Say: {company} is working from paper today.\n- Take name and number';
      const put = await s.call('PUT', '/api/pack/settings', { token: tokens.admin, body: { customerScript: script, backUpChecklist: null } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json<TPackSettings>()).toMatchObject({ customerScript: script, customerScriptIsDefault: false, backUpChecklistIsDefault: true, updatedByName: 'Alex Admin' });
      expect((await s.call('PUT', '/api/pack/settings', { token: tokens.admin, body: { customerScript: '   ', backUpChecklist: null } })).statusCode).toBe(400);

      s.clock.advance(60_000);
      const made = (await s.call('POST', '/api/pack', { token: tokens.admin })).json<{ pack: TPack }>().pack;
      const zip = (await s.call('GET', `/api/pack/files/${made.id}`, { token: tokens.admin })).rawPayload;
      expect(pdfText(unzipPack(zip).get('01-customer-script.pdf')!)).toContain('Demo Contracting Ltd is working from paper today.');

      const reset = await s.call('PUT', '/api/pack/settings', { token: tokens.admin, body: { customerScript: null, backUpChecklist: null } });
      expect(reset.json<TPackSettings>()).toMatchObject({ customerScript: DEFAULT_CUSTOMER_SCRIPT, customerScriptIsDefault: true });
    });

    it('keeps the newest packs only, and records a failed run for the status page until one succeeds', async () => {
      s.ctx.config.pack.keep = 2;
      try {
        for (let i = 0; i < 2; i++) {
          s.clock.advance(60_000);
          expect((await s.call('POST', '/api/pack', { token: tokens.office })).statusCode).toBe(201);
        }
        const list = (await s.call('GET', '/api/pack', { token: tokens.office })).json<TPackList>();
        expect(list.packs).toHaveLength(2);
        expect(list.packs[0]!.createdAt > list.packs[1]!.createdAt).toBe(true);
        expect(list.status.latestPack?.id).toBe(list.packs[0]!.id);
        expect(fs.readdirSync(path.join(s.testDb.dataDir, 'packs', tenantId)).filter((n) => n.endsWith('.zip'))).toHaveLength(2);
        expect((await s.call('GET', `/api/pack/files/${first.id}`, { token: tokens.office })).statusCode).toBe(404);

        // The packs folder cannot be written (here: a file stands where the folder should be).
        const dir = path.join(s.testDb.dataDir, 'packs', tenantId);
        fs.rmSync(dir, { recursive: true });
        fs.writeFileSync(dir, 'not a folder');
        s.clock.advance(60_000);
        const failed = await s.call('POST', '/api/pack', { token: tokens.office });
        expect(failed.statusCode).toBe(500);
        const status = await packStatus(s.ctx.database, tenantId);
        expect(status.lastFailure).toMatchObject({ status: 'failed', startedBy: 'request' });
        expect(status.lastFailure!.error).toMatch(/EEXIST|ENOTDIR|not a directory|file already exists/i);
        expect(status.latestPack?.id).toBe(list.packs[0]!.id); // the last good pack is still served

        fs.rmSync(dir);
        s.clock.advance(60_000);
        expect((await s.call('POST', '/api/pack', { token: tokens.office })).statusCode).toBe(201);
        expect((await packStatus(s.ctx.database, tenantId)).lastFailure).toBeNull();
      } finally {
        s.ctx.config.pack.keep = 7;
      }
    });

    it('writes the zip with `fieldkeep pack --to DIR`, reading the database only', async () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-pack-cli-'));
      const env = { FIELDKEEP_DATA_DIR: s.testDb.dataDir, LOG_LEVEL: 'silent', ...(s.testDb.databaseUrl ? { DATABASE_URL: s.testDb.databaseUrl } : {}) };
      const packsBefore = await s.ctx.database.db.selectFrom('packs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const printed: string[] = [];
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const program = new Command('fieldkeep').exitOverride();
        registerPackCommand(program, env);
        await program.parseAsync(['pack', '--to', out, '--tenant', 'demo'], { from: 'user' });
        await expect(program.parseAsync(['pack', '--to', out, '--tenant', 'nobody'], { from: 'user' })).rejects.toThrow('No tenant with slug nobody.');
      } finally {
        stdout.mockRestore();
        stderr.mockRestore();
      }
      const zips = fs.readdirSync(out).filter((n) => n.endsWith('.zip'));
      expect(zips).toHaveLength(1);
      expect(zips[0]).toMatch(/^fallback-pack-demo-\d{4}-\d{2}-\d{2}-\d{4}\.zip$/);
      expect(printed.join('')).toMatch(/fallback-pack-demo-.*\.zip: \d+ KB, \d+ files — \d+ job sheets .* 12 sites, 2 suppliers/);
      expect(unzipPack(fs.readFileSync(path.join(out, zips[0]!))).has('contacts/clients.pdf')).toBe(true);
      const packsAfter = await s.ctx.database.db.selectFrom('packs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(packsAfter.n)).toBe(Number(packsBefore.n));
      fs.rmSync(out, { recursive: true, force: true });
    });

    it('makes every tenant’s pack on the nightly schedule', async () => {
      s.clock.advance(60_000);
      const schedule = startPackSchedule(s.ctx);
      try {
        expect(schedule.nextRun()).not.toBeNull();
        const results = await schedule.runNow();
        expect(results).toEqual([expect.objectContaining({ tenantSlug: 'demo', ok: true })]);
        const status = await packStatus(s.ctx.database, tenantId, { config: s.ctx.config.pack, now: s.clock.now() });
        expect(status.latestPack).toMatchObject({ kind: 'schedule', createdByName: null });
        expect(status.lastRun).toMatchObject({ status: 'ok', startedBy: 'schedule' });
        // 01:00 server time, the next night.
        expect(Date.parse(status.nextRunAt!)).toBeGreaterThan(s.clock.now().getTime());
        expect(Date.parse(status.nextRunAt!) - s.clock.now().getTime()).toBeLessThanOrEqual(24 * 3_600_000);
      } finally {
        await schedule.stop();
      }
    });
  });
}
