import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { buildDrillData, fieldkeep, sha256, TEST_PASSPHRASE, useFastPassphraseKdf, type DrillData } from './backup.fixtures.js';
import { runTool } from './external-tool.js';
import { listBackups, paths } from './folder.js';
import { listRuns } from './runs.repository.js';
import { runNightly, startBackupSchedule } from './schedule.js';
import { backupStatus } from './status.js';

// The nightly job, driven with runNow() (never the wall clock): backup, verify, retention, failure
// emails, and the off-site copy with a real restic repository.

useFastPassphraseKdf();
const DAY = 24 * 3600 * 1000;

for (const dialect of DIALECTS) {
  describe(`nightly backups (${dialect})`, () => {
    let s: TestServer;
    let data: DrillData;
    let second: BuiltTenant;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-nightly-'));
    const dir = path.join(tmp, 'backups');
    /** The server's context, with the DATABASE_URL pg_dump needs (tests inject the database). */
    const ctx = (backup: Partial<AppContext['config']['backup']> = {}): AppContext => ({
      ...s.ctx,
      config: { ...s.ctx.config, databaseUrl: s.testDb.databaseUrl, backup: { ...s.ctx.config.backup, ...backup } },
    });
    const runs = async () => (await listRuns(s.ctx.database.db)).reverse();
    const emails = () => s.ctx.database.db.selectFrom('outbox').selectAll().where('kind', '=', 'email').execute();

    beforeAll(async () => {
      s = await startTestServer(dialect, {
        label: 'backup-nightly',
        env: { FIELDKEEP_BACKUP_DIR: dir, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE, FIELDKEEP_BACKUP_KEEP: '2' },
      });
      data = await buildDrillData(s);
      second = await buildTenant(s, { name: 'Second Contractor Ltd', slug: `second-${dialect}` });
    });
    afterAll(async () => {
      await s?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('backs up, verifies and records both; backupStatus reports them and the next run', async () => {
      const schedule = startBackupSchedule(ctx());
      try {
        const r = await schedule.runNow();
        expect(r.failures).toEqual([]);
        expect(r.ok).toBe(true);
        expect(r.verify).toMatchObject({ ok: true, blobs: 3 });
        const rows = await runs();
        expect(rows.map((x) => [x.kind, x.status, x.started_by])).toEqual([
          ['create', 'ok', 'schedule'],
          ['verify', 'ok', 'schedule'],
          ['prune', 'ok', 'schedule'],
        ]);
        expect(rows[0]).toMatchObject({ backup_id: r.backupId, blobs: 3, blobs_new: 3, blobs_reused: 0, target: dir });
        expect(Number(rows[0]!.bytes)).toBeGreaterThan(0);
        expect(schedule.nextRun()).toBeInstanceOf(Date);

        const now = new Date('2026-11-23T09:00:00.000Z');
        const status = await backupStatus(s.ctx.database, { config: s.ctx.config.backup, now });
        expect(status.scheduled).toBe(true);
        expect(status.lastBackup).toMatchObject({ backupId: r.backupId, status: 'ok', blobsNew: 3 });
        expect(status.lastVerifiedRestore).toMatchObject({ backupId: r.backupId, kind: 'verify' });
        expect(status.lastVerifiedRestore!.durationMs).toBeGreaterThan(0);
        expect(status.recentFailures).toEqual([]);
        const next = Date.parse(status.nextRunAt!);
        expect(next).toBeGreaterThan(now.getTime());
        expect(next - now.getTime()).toBeLessThanOrEqual(DAY);
        expect(new Date(next).getMinutes()).toBe(30);
      } finally {
        await schedule.stop();
      }
    });

    it('keeps the newest good backups (FIELDKEEP_BACKUP_KEEP=2) and removes blobs only removed backups needed', async () => {
      const eng = await s.signIn(data.tenant.users.engineer.login, TEST_PASSWORD);
      const purged = Buffer.from('a photo later purged from the server');
      const put = await s.app.inject({ method: 'PUT', url: `/api/blobs/${sha256(purged)}`, headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg' }, payload: purged });
      expect(put.statusCode).toBe(201);
      s.clock.advance(DAY);
      const withPurged = await runNightly(ctx());
      expect(withPurged.ok).toBe(true);
      // The record goes (a tenant purge, say); the file in the backup folder must outlive the backups that need it.
      await s.ctx.database.db.deleteFrom('blobs').where('sha256', '=', sha256(purged)).execute();
      const file = paths.blob(dir, sha256(purged));

      s.clock.advance(DAY);
      const third = await runNightly(ctx());
      expect(third.prune?.removedBackups).toHaveLength(1);
      expect((await listBackups(dir)).map((b) => b.id)).toEqual([withPurged.backupId, third.backupId]);
      expect(fs.existsSync(file)).toBe(true);

      s.clock.advance(DAY);
      const fourth = await runNightly(ctx());
      expect(fourth.prune).toMatchObject({ removedBackups: [withPurged.backupId], removedBlobs: 1, keptBackups: 2 });
      expect((await listBackups(dir)).map((b) => b.id)).toEqual([third.backupId, fourth.backupId]);
      expect(fs.existsSync(file)).toBe(false);
      for (const b of data.blobs) expect(fs.existsSync(paths.blob(dir, sha256(b)))).toBe(true);
    });

    it("records a failed run and emails each tenant's admins, naming no other tenant", async () => {
      const before = (await emails()).length;
      s.clock.advance(DAY);
      const r = await runNightly(ctx({ passphrase: 'somebody changed the passphrase' }));
      expect(r.ok).toBe(false);
      expect(r.failures).toEqual([expect.stringMatching(/^create: FIELDKEEP_BACKUP_PASSPHRASE does not open/)]);
      expect(r.emailsQueued).toBe(2);
      const last = (await runs()).at(-1)!;
      expect(last).toMatchObject({ kind: 'create', status: 'failed', started_by: 'schedule' });
      expect(last.error).toMatch(/does not open/);

      const mail = (await emails()).slice(before);
      expect(mail.map((m) => [m.tenant_id, (JSON.parse(m.payload) as { to: string }).to]).sort()).toEqual(
        [
          [data.tenant.tenant.id, `admin@${data.tenant.tenant.slug}.test`],
          [second.tenant.id, `admin@${second.tenant.slug}.test`],
        ].sort(),
      );
      for (const m of mail) {
        const p = JSON.parse(m.payload) as { subject: string; text: string };
        expect(p.subject).toBe('Fieldkeep backup failed on fieldkeep.test');
        expect(p.text).toContain('did not complete');
        expect(p.text).toContain('does not open');
        expect(p.text).toMatch(/The newest good \(verified\) backup is \S+/);
        for (const t of [data.tenant.tenant, second.tenant]) {
          expect(p.text).not.toContain(t.name);
          expect(p.text).not.toContain(t.slug);
        }
      }
      const status = await backupStatus(s.ctx.database);
      expect(status.recentFailures[0]).toMatchObject({ kind: 'create', status: 'failed' });
    });

    it('emails FIELDKEEP_OPERATOR_EMAIL instead when set, here for a backup whose verify fails', async () => {
      const big = paths.blob(dir, sha256(data.blobs[0]!));
      const good = fs.readFileSync(big);
      const damaged = Buffer.from(good);
      damaged[damaged.length - 500] = damaged[damaged.length - 500]! ^ 0xff;
      fs.writeFileSync(big, damaged);
      try {
        const before = (await emails()).length;
        s.clock.advance(DAY);
        const r = await runNightly(ctx({ operatorEmails: ['ops@example.com', 'oncall@example.com'] }));
        expect(r.ok).toBe(false);
        expect(r.create?.blobs).toMatchObject({ new: 0, reused: 3 });
        expect(r.failures).toEqual([expect.stringContaining(`verify: blob ${sha256(data.blobs[0]!)}`)]);
        const tail = (await runs()).slice(-2);
        expect(tail.map((x) => [x.kind, x.status])).toEqual([
          ['create', 'ok'],
          ['verify', 'failed'],
        ]);
        const mail = (await emails()).slice(before);
        expect(mail.map((m) => [m.tenant_id, (JSON.parse(m.payload) as { to: string }).to])).toEqual([
          [null, 'ops@example.com'],
          [null, 'oncall@example.com'],
        ]);
        // A backup that failed its verify is not good: retention did not run, the last good ones stay.
        expect((await listBackups(dir)).filter((b) => b.verify?.ok)).toHaveLength(2);
      } finally {
        fs.writeFileSync(big, good);
      }
    });
  });
}

describe('off-site copies with restic', () => {
  let s: TestServer;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-restic-'));
  const dir = path.join(tmp, 'backups');
  const repo = path.join(tmp, 'restic-repo');
  const resticEnv = { ...process.env, RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: 'restic repository password', RESTIC_CACHE_DIR: path.join(tmp, 'cache') };

  beforeAll(async () => {
    s = await startTestServer('sqlite', {
      label: 'backup-restic',
      env: { FIELDKEEP_BACKUP_DIR: dir, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE, FIELDKEEP_RESTIC_REPOSITORY: repo, RESTIC_PASSWORD: resticEnv.RESTIC_PASSWORD },
    });
    await buildDrillData(s);
  });
  afterAll(async () => {
    await s?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('after a good nightly run the repository (made on first use) has a snapshot, and its restore verifies', async () => {
    const schedule = startBackupSchedule(s.ctx);
    const r = await schedule.runNow();
    await schedule.stop();
    expect(r.failures).toEqual([]);
    expect(r.offsite?.snapshotId).toMatch(/^[0-9a-f]{8,}$/);
    expect((await listRuns(s.ctx.database.db))[0]).toMatchObject({ kind: 'offsite', status: 'ok', target: repo });

    const snapshots = JSON.parse(await runTool('restic', ['snapshots', '--json'], { env: resticEnv })) as Array<{ id: string; paths: string[]; tags: string[] }>;
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ paths: [dir], tags: ['fieldkeep'] });
    expect(snapshots[0]!.id.startsWith(r.offsite!.snapshotId)).toBe(true);

    const target = path.join(tmp, 'from-restic');
    await runTool('restic', ['restore', 'latest', '--target', target], { env: resticEnv });
    const restored = path.join(target, dir);
    expect(fs.existsSync(path.join(restored, '.lock'))).toBe(false);
    // On another machine: nothing but the backup folder and the passphrase.
    const v = await fieldkeep(['backup', 'verify', '--from', restored], { FIELDKEEP_DATA_DIR: path.join(tmp, 'no-data-here'), FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain(`backup ${r.backupId} verified`);
  });
});
