import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Database, type Dialect } from '../db/database.js';
import { isPostgres } from '../db/replication-schema.js';
import { withWriteTx } from '../db/write.js';
import { seedDemo } from '../demo/demo.js';
import { createTenant } from '../tenants/tenants.service.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';
import { listTables } from '../testing/tables.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import type { ExportManifest } from './export-manifest.js';
import { exportTenant, ExportError } from './export-tenant.js';
import { importTenant } from './import-tenant.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { exclusionReason, SERVER_NUMBERED, tenantTables, type TenantTable } from './tenant-tables.js';

const DEMO_PASSWORD = 'demo-password-export';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const tmpDir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `fk-export-${label}-`));
const other = (d: Dialect): Dialect => (d === 'sqlite' ? 'postgres' : 'sqlite');

/** The rows of a tenant table in key order (byte order for text), without the columns a server numbers itself. */
async function tenantRows(database: Database, tenantId: string, t: TenantTable): Promise<unknown[][]> {
  const q = (n: string) => `"${n}"`;
  const pg = isPostgres(database.db);
  const cols = t.columns.map((c) => c.name).filter((c) => !(SERVER_NUMBERED[t.name] ?? []).includes(c));
  // Renumbered rows keep their order: compare them in that order.
  const order = SERVER_NUMBERED[t.name]?.length
    ? SERVER_NUMBERED[t.name]!.map(q).join(', ')
    : t.primaryKey.map((k) => (pg && t.columns.find((c) => c.name === k)?.type === 'text' ? `${q(k)} collate "C"` : q(k))).join(', ');
  const r = await sql.raw<Record<string, unknown>>(`select ${cols.map(q).join(', ')} from ${q(t.name)} where ${q(t.tenantColumn)} = '${tenantId}' order by ${order}`).execute(database.db);
  return r.rows.map((row) => cols.map((c) => row[c]));
}

async function countAll(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await listTables(database)) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(database.db);
    out[t.name] = Number(r.rows[0]?.n);
  }
  return out;
}

const blobFiles = (dataDir: string) => {
  const dir = path.join(dataDir, 'blobs');
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f)).sort() : [];
};

for (const dialect of DIALECTS) {
  describe(`tenant export and re-import (from ${dialect})`, () => {
    let s: TestServer;
    let tenantId = '';
    let out = '';
    let manifest: ExportManifest;
    const photos = [Buffer.from('a photo of the boiler, before'), Buffer.from('a signature, "quoted", with a comma')];
    const targets: TestDatabase[] = [];

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'export' });
      await seedDemo(s.ctx, DEMO_PASSWORD);
      tenantId = (await s.ctx.database.db.selectFrom('tenants').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
      const office = await s.signIn('office@demo.test', DEMO_PASSWORD);
      const eng = await s.signIn('eng1@demo.test', DEMO_PASSWORD);
      const eng1 = (await s.ctx.database.db.selectFrom('users').select('id').where('login', '=', 'eng1@demo.test').executeTakeFirstOrThrow()).id;
      const jobs = (await s.call('GET', `/api/jobs?engineerId=${eng1}`, { token: office })).json<{ jobs: Array<{ id: string }> }>().jobs;
      const jobId = jobs[0]!.id;
      // Text that needs quoting, line breaks and characters beyond ASCII; photos; a phone's sync state.
      await s.call('POST', `/api/jobs/${jobId}/notes`, { token: office, body: { text: 'Tenant said "mornings", then: no dogs,\r\nplease — ✓ café 日本' } });
      for (const p of photos) {
        const put = await s.app.inject({ method: 'PUT', url: `/api/blobs/${sha(p)}`, headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg' }, payload: p });
        expect(put.statusCode).toBe(201);
      }
      const push = await s.call('POST', '/api/sync/push', {
        token: eng,
        body: {
          protocolVersion: 1,
          clientId: 'export-test-phone',
          mutations: [
            { id: 1, name: 'jobNote.add', args: { id: '019a0000-0000-7000-8000-000000000001', jobId, text: 'From the van', at: '2026-11-23T08:30:00Z' } },
            { id: 2, name: 'attachment.add', args: { id: '019a0000-0000-7000-8000-000000000002', jobId, kind: 'photo', sha256: sha(photos[0]!), contentType: 'image/jpeg', size: photos[0]!.length, at: '2026-11-23T08:31:00Z' } },
          ],
        },
      });
      expect(push.statusCode).toBe(200);
      expect((await s.call('GET', '/api/sync/pull?clientId=export-test-phone&cursor=', { token: eng })).statusCode).toBe(200);
      await s.call('POST', '/api/announcements', { token: await s.signIn('admin@demo.test', DEMO_PASSWORD), body: { title: 'New vans', body: 'Keys at the office.' } });

      out = path.join(tmpDir('out'), 'demo');
      manifest = await exportTenant({ database: s.ctx.database, dataDir: s.testDb.dataDir, tenant: { slug: 'demo' }, to: out, now: s.clock.now() });
    });
    afterAll(async () => {
      for (const t of targets) await t.drop();
      await s?.stop();
      if (out) fs.rmSync(path.dirname(out), { recursive: true, force: true });
    });

    it('exports every tenant-owned table (and only those) with counts and SHA-256s that match the files', async () => {
      const withTenant = (await listTables(s.ctx.database)).filter((t) => t.columns.some((c) => c.name === 'tenant_id')).map((t) => t.name);
      const expected = ['tenants', ...withTenant.filter((n) => !exclusionReason(n))].sort();
      expect(manifest.tables.map((t) => t.name).sort()).toEqual(expected);
      expect(manifest.tables[0]!.name).toBe('tenants');
      expect(manifest.excludedTables.map((t) => t.name)).toEqual(expect.arrayContaining(['replica_queue', 'sessions', 'user_tokens']));
      expect(manifest.excludedTables.map((t) => t.name).sort()).toEqual(withTenant.filter((n) => exclusionReason(n)).sort());
      expect(manifest.tenant).toMatchObject({ id: tenantId, slug: 'demo', name: 'Demo Contracting Ltd' });
      expect(manifest.schemaVersion).toBe(Object.keys(MIGRATIONS).at(-1));
      // Foreign-key order: every table comes after the tables it refers to.
      const pos = new Map(manifest.tables.map((t, i) => [t.name, i]));
      for (const t of manifest.tables) for (const r of t.refersTo) expect(pos.get(r)!, `${t.name} after ${r}`).toBeLessThan(pos.get(t.name)!);
      for (const t of manifest.tables) {
        const bytes = fs.readFileSync(path.join(out, t.file));
        expect(sha(bytes), t.name).toBe(t.sha256);
        expect(bytes.length).toBe(t.bytes);
        const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)} where ${sql.ref(t.name === 'tenants' ? 'id' : 'tenant_id')} = ${tenantId}`.execute(s.ctx.database.db);
        expect(t.rows, t.name).toBe(Number(r.rows[0]!.n));
      }
      for (const name of ['jobs', 'visits', 'visit_engineers', 'job_notes', 'users', 'form_versions', 'sync_clients', 'sync_sent', 'attachments', 'announcements', 'change_log']) {
        expect(manifest.tables.find((t) => t.name === name)?.rows, name).toBeGreaterThan(0);
      }
      const jobsCsv = fs.readFileSync(path.join(out, 'tables/job_notes.csv'), 'utf8');
      expect(jobsCsv.split('\r\n')[0]).toBe('"id","tenant_id","job_id","text","client_visible","author_id","author_name","at"');
      expect(jobsCsv).toContain('"Tenant said ""mornings"", then: no dogs,\r\nplease — ✓ café 日本"');
      expect(manifest.blobs.map((b) => b.sha256).sort()).toEqual(photos.map((p) => sha(p)).sort());
      for (const b of manifest.blobs) expect(sha(fs.readFileSync(path.join(out, b.file)))).toBe(b.sha256);
      expect(manifest.missingBlobs).toEqual([]);
      expect(fs.readFileSync(path.join(out, 'README.txt'), 'utf8')).toContain('password hashes');
    });

    for (const into of [dialect, other(dialect)]) {
      it(`re-imports into an empty ${into} server: every row of every tenant table and every blob, same ids`, async () => {
        const target = await createTestDatabase(into, `import-${into}`);
        targets.push(target);
        await migrateToLatest(target.database.db);
        const report = await importTenant({ database: target.database, dataDir: target.dataDir, from: out });
        expect(report.tenant).toEqual({ id: tenantId, name: 'Demo Contracting Ltd', slug: 'demo' });
        expect(report.blobs).toEqual({ copied: 2, alreadyHere: 0 });

        const tables = await tenantTables(s.ctx.database.db);
        expect((await tenantTables(target.database.db)).map((t) => t.name)).toEqual(tables.map((t) => t.name));
        for (const t of tables) {
          const before = await tenantRows(s.ctx.database, tenantId, t);
          const after = await tenantRows(target.database, tenantId, t);
          expect(after.length, t.name).toBe(before.length);
          expect(after, t.name).toEqual(before);
        }
        for (const p of photos) expect(fs.readFileSync(path.join(target.dataDir, 'blobs', sha(p).slice(0, 2), sha(p))).equals(p)).toBe(true);

        // Exported again from the copy, every file is byte for byte the same (the change log aside:
        // its positions are the new server's).
        const again = path.join(tmpDir('again'), 'x');
        const m2 = await exportTenant({ database: target.database, dataDir: target.dataDir, tenant: { id: tenantId }, to: again, now: s.clock.now() });
        for (const t of manifest.tables) {
          if (t.name in SERVER_NUMBERED) continue;
          expect(m2.tables.find((x) => x.name === t.name)?.sha256, t.name).toBe(t.sha256);
        }
        fs.rmSync(path.dirname(again), { recursive: true, force: true });
      });
    }

    it('refuses to import into a server that has the tenant, and changes nothing', async () => {
      const target = targets[0]!;
      const before = await countAll(target.database);
      const files = blobFiles(target.dataDir);
      await expect(importTenant({ database: target.database, dataDir: target.dataDir, from: out })).rejects.toThrow(/already has the tenant Demo Contracting Ltd/);
      await expect(importTenant({ database: target.database, dataDir: target.dataDir, from: out, slug: 'demo-copy' })).rejects.toThrow(ExportError);
      expect(await countAll(target.database)).toEqual(before);
      expect(blobFiles(target.dataDir)).toEqual(files);
      // And into the source server itself.
      await expect(importTenant({ database: s.ctx.database, dataDir: s.testDb.dataDir, from: out })).rejects.toThrow(/already has the tenant/);
    });

    it('refuses a taken slug unless told another, and a folder that does not match its manifest', async () => {
      const target = await createTestDatabase(dialect, 'import-slug');
      targets.push(target);
      await migrateToLatest(target.database.db);
      await withWriteTx(target.database, s.clock, (tx) => createTenant(tx, { name: 'Another Demo Ltd', slug: 'demo', timeZone: 'Europe/London' }));

      const tampered = path.join(tmpDir('tampered'), 'x');
      fs.cpSync(out, tampered, { recursive: true });
      const jobsFile = path.join(tampered, 'tables/jobs.csv');
      fs.writeFileSync(jobsFile, fs.readFileSync(jobsFile, 'utf8').replace('"repair"', '"REPAIR"'));
      const before = await countAll(target.database);
      await expect(importTenant({ database: target.database, dataDir: target.dataDir, from: tampered, slug: 'demo-2' })).rejects.toThrow(/tables\/jobs\.csv: .*the manifest says/);
      await expect(importTenant({ database: target.database, dataDir: target.dataDir, from: out })).rejects.toThrow(/slug demo is taken .* --slug/);
      expect(await countAll(target.database)).toEqual(before);
      expect(blobFiles(target.dataDir)).toEqual([]);
      fs.rmSync(path.dirname(tampered), { recursive: true, force: true });

      const r = await importTenant({ database: target.database, dataDir: target.dataDir, from: out, slug: 'demo-2' });
      expect(r.tenant.slug).toBe('demo-2');
      const row = await target.database.db.selectFrom('tenants').select(['id', 'slug']).where('id', '=', tenantId).executeTakeFirstOrThrow();
      expect(row.slug).toBe('demo-2');
    });

    it('makes an export from the API (admin only) and downloads it as a zip that unzip and Python read', async () => {
      const admin = await s.signIn('admin@demo.test', DEMO_PASSWORD);
      const office = await s.signIn('office@demo.test', DEMO_PASSWORD);
      expect((await s.call('POST', '/api/export', { token: office, body: {} })).statusCode).toBe(403);
      expect((await s.call('GET', '/api/export/latest', { token: admin })).statusCode).toBe(404);
      const started = await s.call('POST', '/api/export', { token: admin, body: {} });
      expect(started.statusCode).toBe(202);
      const again = await s.call('POST', '/api/export', { token: admin, body: {} });
      expect([202, 409]).toContain(again.statusCode);
      for (let i = 0; i < 200; i++) {
        const st = (await s.call('GET', '/api/export', { token: admin })).json<{ running: unknown; latest: { tables: number; blobs: number } | null; lastError: unknown }>();
        if (!st.running && st.latest) {
          expect(st.lastError).toBeNull();
          expect(st.latest).toMatchObject({ tables: manifest.tables.length, blobs: 2, missingBlobs: 0 });
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await s.call('GET', '/api/export/latest', { token: admin });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="fieldkeep-export-demo-\d{8}T\d{6}Z-[0-9a-f]{6}\.zip"$/);
      const dir = tmpDir('zip');
      const zip = path.join(dir, 'export.zip');
      fs.writeFileSync(zip, res.rawPayload);
      expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
      execFileSync('unzip', ['-q', zip, '-d', path.join(dir, 'x')]);
      const [folder] = fs.readdirSync(path.join(dir, 'x'));
      const unzipped = path.join(dir, 'x', folder!);
      const m = JSON.parse(fs.readFileSync(path.join(unzipped, 'manifest.json'), 'utf8')) as ExportManifest;
      for (const t of m.tables) expect(sha(fs.readFileSync(path.join(unzipped, t.file))), t.name).toBe(t.sha256);
      const names = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))', zip], { encoding: 'utf8' });
      expect(Number(names.trim())).toBe(2 + m.tables.length + m.blobs.length);
      // The downloaded folder imports like one written by the CLI.
      const target = await createTestDatabase(dialect, 'import-zip');
      targets.push(target);
      await migrateToLatest(target.database.db);
      await importTenant({ database: target.database, dataDir: target.dataDir, from: unzipped });
      expect(Number((await sql<{ n: number }>`select count(*) as n from jobs`.execute(target.database.db)).rows[0]!.n)).toBe(manifest.tables.find((t) => t.name === 'jobs')!.rows);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
