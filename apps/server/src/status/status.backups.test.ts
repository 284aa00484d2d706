import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { buildDrillData, sha256, TEST_PASSPHRASE, useFastPassphraseKdf, type DrillData } from '../backup/backup.fixtures.js';
import { paths } from '../backup/folder.js';
import { runNightly } from '../backup/schedule.js';
import { DIALECTS } from '../testing/dialects.js';
import { TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { itemOf, startStatusServer } from './status.fixtures.js';

// Fault: a damaged file in the backup folder. The next nightly run reuses it, its restore check
// fails, and the backups item turns red; the damaged file is removed, the next run copies it again
// and passes its check: green. Also: no good backup for over 26 hours is red.

useFastPassphraseKdf();
const HOUR = 3600_000;

const flipByte = (file: string) => {
  const b = fs.readFileSync(file);
  const i = Math.floor(b.length / 2);
  b[i] = b[i]! ^ 0xff;
  fs.writeFileSync(file, b);
};

for (const dialect of DIALECTS) {
  describe(`status page: backups (${dialect})`, () => {
    let s: TestServer;
    let data: DrillData;
    let admin = '';
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-status-backups-'));
    const dir = path.join(tmp, 'backups');
    /** The server's context, with the DATABASE_URL pg_dump needs (tests inject the database). */
    const ctx = (): AppContext => ({ ...s.ctx, config: { ...s.ctx.config, databaseUrl: s.testDb.databaseUrl } });
    const backups = () => itemOf(s, admin, 'backups');

    beforeAll(async () => {
      s = await startStatusServer(dialect, { label: 'status-backups', env: { FIELDKEEP_BACKUP_DIR: dir, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE } });
      data = await buildDrillData(s, { blobs: 2 });
      admin = await s.signIn(data.tenant.users.admin.login, TEST_PASSWORD);
    });
    afterAll(async () => {
      await s?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('says the first nightly backup has not run yet, then green once a backup is made and verified', async () => {
      const before = await backups();
      expect(before.status).toBe('amber');
      expect(before.summary).toMatch(/none has run yet: the first runs in \d+ hours?/);

      const r = await runNightly(ctx());
      expect(r.failures).toEqual([]);
      const b = await backups();
      expect(b.status).toBe('green');
      expect(b.summary).toMatch(/^Last backup just now \(\d+(\.\d)? (KB|MB)\), restored and checked\. Next in \d+ hours?\.$/);
      expect(b.details.map((d) => d.label)).toEqual(['Last backup', 'Last verified restore', 'Next backup']);
      expect(b.details[0]!.value).toMatch(/written, took [\d.]+ s, 2 photos and files/);
      expect(b.details[0]!.at).toBe(s.clock.now().toISOString());
      // An admin is not told where the backups are kept; monitoring is.
      expect(JSON.stringify(b)).not.toContain(dir);
    });

    it('a damaged file in the backup folder fails the restore check: red; removed and backed up again: green', async () => {
      flipByte(paths.blob(dir, sha256(data.blobs[0]!)));
      s.clock.advance(24 * HOUR);
      const r = await runNightly(ctx());
      expect(r.ok).toBe(false);
      expect(r.failures.some((f) => f.startsWith('verify:'))).toBe(true);

      const b = await backups();
      expect(b.status).toBe('red');
      expect(b.summary).toMatch(/^The last restore check failed \(just now\)/);
      expect(b.summary).toMatch(/The newest good backup is 24 hours ago\./);
      expect(b.action).toEqual({ label: 'When a backup fails (docs/backups.md)', href: 'docs/backups.md#when-a-backup-fails' });
      expect(b.entries[0]).toMatchObject({ status: 'red', title: 'Restore check failed (nightly)' });
      const report = await s.call('GET', '/api/status', { token: admin });
      expect(report.json<{ status: string }>().status).toBe('red');

      // Mended: the damaged file goes; the next backup copies it again from the data folder.
      fs.rmSync(paths.blob(dir, sha256(data.blobs[0]!)));
      s.clock.advance(HOUR);
      const again = await runNightly(ctx());
      expect(again.failures).toEqual([]);
      expect(await backups()).toMatchObject({ status: 'green' });
    });

    it('no good backup for over 26 hours is red, even without a failure on record', async () => {
      s.clock.advance(27 * HOUR);
      const b = await backups();
      expect(b.status).toBe('red');
      expect(b.summary).toBe('No good backup for 27 hours: the nightly backup did not run or did not pass its restore check.');
      const r = await runNightly(ctx());
      expect(r.ok).toBe(true);
      expect((await backups()).status).toBe('green');
    });
  });
}
