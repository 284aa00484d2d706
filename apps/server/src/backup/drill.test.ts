import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { buildTenant } from '../testing/factories.js';
import { DIALECTS } from '../testing/dialects.js';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../testing/test-server.js';
import {
  blobFiles,
  buildDrillData,
  createScratchPgDatabase,
  dumpTables,
  fieldkeep,
  sha256,
  startServerOn,
  TEST_PASSPHRASE,
  type DrillData,
} from './backup.fixtures.js';

// The restore drill: data made through the API, backed up and verified by the CLI, the data folder
// wiped, restored into a new one, a server started there — and every row and every blob is the same.

for (const dialect of DIALECTS) {
  describe(`restore drill (${dialect})`, () => {
    let s: TestServer | undefined;
    let restored: RunningServer | undefined;
    let data: DrillData;
    let scratch: Awaited<ReturnType<typeof createScratchPgDatabase>> | undefined;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-drill-'));
    const backupDir = path.join(tmp, 'backups');
    const newDataDir = path.join(tmp, 'restored-data');

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'backup-drill' });
      data = await buildDrillData(s);
    });
    afterAll(async () => {
      await restored?.close();
      await s?.stop();
      await scratch?.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('backs up, verifies, restores into a new data folder, and the restored server has every row and blob', async () => {
      const server = s!;
      const liveEnv = {
        FIELDKEEP_DATA_DIR: server.testDb.dataDir,
        DATABASE_URL: server.testDb.databaseUrl,
        FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE,
        LOG_LEVEL: 'silent',
      };
      const created = await fieldkeep(['backup', 'create', '--to', backupDir], liveEnv);
      expect(created.stderr).toMatch(/tables \d+\/\d+/);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(/^backup \S+: .* written \(snapshot .*, \d+ tables\), blobs 3 new \/ 0 reused, [\d.]+ s\n$/);
      const backupId = /^backup (\S+):/.exec(created.stdout)![1]!;

      const verified = await fieldkeep(['backup', 'verify', '--from', backupDir], liveEnv);
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(new RegExp(`^backup ${backupId} verified: \\d+ tables, 3 blobs`));

      // Nothing readable in the backup folder but the documented plain metadata.
      for (const b of data.blobs) {
        const file = path.join(backupDir, 'blobs', sha256(b).slice(0, 2), `${sha256(b)}.age`);
        expect(fs.readFileSync(file).includes(b.subarray(0, 16))).toBe(false);
      }
      const snapshot = fs.readFileSync(path.join(backupDir, 'backups', backupId, 'snapshot.age'));
      expect(snapshot.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      expect(snapshot.includes(Buffer.from('Riverside Housing'))).toBe(false);

      const originalRows = await dumpTables(server.testDb.database);
      const originalBlobs = blobFiles(server.testDb.dataDir);
      const pgSchema = server.testDb.pgSchema;
      // Wipe: the data folder (and the PostgreSQL schema) are gone.
      await server.stop();
      s = undefined;
      expect(fs.existsSync(server.testDb.dataDir)).toBe(false);

      let restoreEnv: Record<string, string | undefined> = { FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE, LOG_LEVEL: 'silent' };
      let restoredUrl: string | undefined;
      if (dialect === 'postgres') {
        // A new, empty database; DATABASE_URL's search_path names the schema the backup holds.
        scratch = await createScratchPgDatabase('drill');
        const u = new URL(scratch.url);
        u.searchParams.set('options', `-c search_path=${pgSchema}`);
        restoredUrl = u.toString();
        restoreEnv = { ...restoreEnv, DATABASE_URL: restoredUrl };
      }
      const r = await fieldkeep(['restore', '--from', backupDir, '--to', newDataDir], restoreEnv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^restored backup ${backupId} into .*: \\d+ tables, 3 blobs`));
      expect(fs.existsSync(path.join(newDataDir, 'fieldkeep.sqlite'))).toBe(dialect === 'sqlite');

      restored = await startServerOn({ dataDir: newDataDir, databaseUrl: restoredUrl, pgSchema });
      const restoredRows = await dumpTables(restored.ctx.database);
      expect(Object.keys(restoredRows).sort()).toEqual(Object.keys(originalRows).sort());
      for (const table of Object.keys(originalRows)) {
        if (table === 'backup_runs') continue;
        expect(restoredRows[table], `table ${table}`).toEqual(originalRows[table]);
      }
      // The server's own backup history is as it was at the snapshot: this backup's run had started.
      expect(restoredRows.backup_runs).toHaveLength(1);
      expect(JSON.parse(restoredRows.backup_runs![0] as string)).toMatchObject({ kind: 'create', status: 'running', started_by: 'cli' });

      const restoredBlobs = blobFiles(newDataDir);
      expect([...restoredBlobs.keys()].sort()).toEqual([...originalBlobs.keys()].sort());
      for (const [rel, bytes] of originalBlobs) expect(restoredBlobs.get(rel)!.equals(bytes), rel).toBe(true);

      // The restored server answers: sign in, read a job with its attachments, fetch a photo.
      const login = await restored.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: data.tenant.users.office.login, password: TEST_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const token = login.json<{ token: string }>().token;
      const job = await restored.app.inject({ method: 'GET', url: `/api/jobs/${data.jobIds[0]}`, headers: { authorization: `Bearer ${token}` } });
      expect(job.statusCode).toBe(200);
      expect(job.json<{ attachments: Array<{ sha256: string }> }>().attachments.map((a) => a.sha256).sort()).toEqual(data.blobs.map(sha256).sort());
      const photo = await restored.app.inject({ method: 'GET', url: `/api/blobs/${sha256(data.blobs[0]!)}`, headers: { authorization: `Bearer ${token}` } });
      expect(photo.statusCode).toBe(200);
      expect(photo.rawPayload.equals(data.blobs[0]!)).toBe(true);
    });
  });
}

describe('restore drill: PostgreSQL on the public schema', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-drill-public-'));
  const dbs: Array<{ drop(): Promise<void> }> = [];
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const d of dbs) await d.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('backs up a database without a search_path and restores it into another new database', async () => {
    const live = await createScratchPgDatabase('public_live');
    dbs.push(live);
    const liveDir = path.join(tmp, 'live');
    const original = await startServerOn({ dataDir: liveDir, databaseUrl: live.url });
    servers.push(original);
    const t = await buildTenant(original, { name: 'Public Schema Ltd' });
    const env = { FIELDKEEP_DATA_DIR: liveDir, DATABASE_URL: live.url, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE };
    const backupDir = path.join(tmp, 'backups');
    expect((await fieldkeep(['backup', 'create', '--to', backupDir], env)).code).toBe(0);
    // verify restores into a scratch database, which has a public schema already.
    const v = await fieldkeep(['backup', 'verify', '--from', backupDir], env);
    expect(v.code, v.stderr).toBe(0);

    const target = await createScratchPgDatabase('public_target');
    dbs.push(target);
    const newDir = path.join(tmp, 'restored');
    const r = await fieldkeep(['restore', '--from', backupDir, '--to', newDir], { DATABASE_URL: target.url, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("into schema public of DATABASE_URL's database");
    expect(r.stderr).not.toMatch(/^warning:/m);
    // Restoring again over it is refused: the schema has tables now.
    const again = await fieldkeep(['restore', '--from', backupDir, '--to', path.join(tmp, 'again')], { DATABASE_URL: target.url, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Schema public of the target database already has \d+ tables/);

    const restored = await startServerOn({ dataDir: newDir, databaseUrl: target.url });
    servers.push(restored);
    const before = await dumpTables(original.ctx.database);
    const after = await dumpTables(restored.ctx.database);
    for (const table of Object.keys(before)) if (table !== 'backup_runs') expect(after[table], table).toEqual(before[table]);
    const login = await restored.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: t.users.admin.login, password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
  });
});
