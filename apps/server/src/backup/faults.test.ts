import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../testing/dialects.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { backupIdOf, buildDrillData, fieldkeep, liveEnv, sha256, TEST_PASSPHRASE, useFastPassphraseKdf, type DrillData } from './backup.fixtures.js';
import { FileDecrypter, FileEncrypter } from './encryption.js';
import { listBackups, paths, unlockFolder } from './folder.js';
import { ZManifest } from './manifest.js';

// What goes wrong with backups, and that `backup verify` / `restore` say so: incremental blobs,
// damaged and truncated files, a wrong passphrase, a non-empty restore target, unfinished backups.

useFastPassphraseKdf();

/** Flips one byte in the middle of a file. */
const flipByte = (file: string) => {
  const b = fs.readFileSync(file);
  const i = Math.floor(b.length / 2);
  b[i] = b[i]! ^ 0xff;
  fs.writeFileSync(file, b);
};
const truncate = (file: string, keep: number) => fs.truncateSync(file, Math.floor(fs.statSync(file).size * keep));

for (const dialect of DIALECTS) {
  describe(`backup faults (${dialect})`, () => {
    let s: TestServer;
    let data: DrillData;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-faults-'));
    const dir = path.join(tmp, 'folder');
    let firstId = '';
    let copies = 0;
    /** A fresh copy of the backup folder to damage. */
    const copy = () => {
      const to = path.join(tmp, `copy-${++copies}`);
      fs.cpSync(dir, to, { recursive: true });
      return to;
    };
    const verify = (from: string, extra: Record<string, string | undefined> = {}) => fieldkeep(['backup', 'verify', '--from', from], liveEnv(s, extra));

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'backup-faults' });
      data = await buildDrillData(s);
      const first = await fieldkeep(['backup', 'create', '--to', dir], liveEnv(s));
      expect(first.code, first.stderr).toBe(0);
      firstId = backupIdOf(first.stdout);
    });
    afterAll(async () => {
      await s?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('copies no blob again into a folder that holds it; a new blob is the only one copied', async () => {
      const blobFile = paths.blob(dir, sha256(data.blobs[0]!));
      const before = fs.statSync(blobFile).mtimeMs;
      const second = await fieldkeep(['backup', 'create', '--to', dir], liveEnv(s));
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/blobs 0 new \/ 3 reused/);
      expect(fs.statSync(blobFile).mtimeMs).toBe(before);

      const eng = await s.signIn(data.tenant.users.engineer.login, 'correct-horse-battery');
      const extra = Buffer.from('a new photo, taken after the first backup');
      const put = await s.app.inject({ method: 'PUT', url: `/api/blobs/${sha256(extra)}`, headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg' }, payload: extra });
      expect(put.statusCode).toBe(201);
      const third = await fieldkeep(['backup', 'create', '--to', dir], liveEnv(s));
      expect(third.code, third.stderr).toBe(0);
      expect(third.stdout).toMatch(/blobs 1 new \/ 3 reused/);
      expect((await listBackups(dir)).map((b) => b.id)).toHaveLength(3);
      expect(fs.readdirSync(path.join(dir, 'blobs'), { recursive: true }).filter((f) => String(f).endsWith('.age'))).toHaveLength(4);
    });

    it('verifies a good backup, and says which blob is damaged, truncated or missing', async () => {
      expect((await verify(dir)).code).toBe(0);
      const target = sha256(data.blobs[0]!);
      for (const damage of [flipByte, (f: string) => truncate(f, 0.5), (f: string) => fs.rmSync(f)]) {
        const folder = copy();
        damage(paths.blob(folder, target));
        const r = await verify(folder);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`blob ${target}`);
        expect(r.stderr).toMatch(/failed verification: 1 problem/);
        expect(r.stdout).toBe('');
        const newest = (await listBackups(folder)).at(-1)!;
        expect(newest.verify).toMatchObject({ ok: false });
      }
    });

    it('fails verify when the snapshot is damaged or truncated', async () => {
      for (const damage of [flipByte, (f: string) => truncate(f, 0.6)]) {
        const folder = copy();
        const newest = (await listBackups(folder)).at(-1)!;
        damage(path.join(paths.backup(folder, newest.id), 'snapshot.age'));
        const r = await verify(folder);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/snapshot: .*snapshot\.age cannot be decrypted/);
      }
    });

    it('fails verify when a restored table does not match the manifest', async () => {
      const folder = copy();
      const { identity, info } = await unlockFolder(folder, { passphrase: TEST_PASSPHRASE });
      const file = path.join(paths.backup(folder, firstId), 'manifest.age');
      const manifest = ZManifest.parse(JSON.parse((await new FileDecrypter(identity).decryptBytes(fs.readFileSync(file))).toString()));
      const jobs = manifest.tables.find((t) => t.name === 'jobs')!;
      jobs.rows += 1;
      fs.writeFileSync(file, await new FileEncrypter(info.recipient).encryptBytes(JSON.stringify(manifest)));
      const r = await fieldkeep(['backup', 'verify', '--from', folder, '--backup', firstId], liveEnv(s));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`table jobs: ${jobs.rows - 1} rows restored, the manifest says ${jobs.rows}`);
    });

    it('refuses a wrong passphrase, and refuses to back up without a passphrase or recipients', async () => {
      const wrong = await verify(dir, { FIELDKEEP_BACKUP_PASSPHRASE: 'not the passphrase of this folder' });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/FIELDKEEP_BACKUP_PASSPHRASE does not open/);
      const wrongCreate = await fieldkeep(['backup', 'create', '--to', dir], liveEnv(s, { FIELDKEEP_BACKUP_PASSPHRASE: 'not the passphrase of this folder' }));
      expect(wrongCreate.code).toBe(1);
      expect(wrongCreate.stderr).toMatch(/does not open/);

      const none = path.join(tmp, 'never-made');
      const plain = await fieldkeep(['backup', 'create', '--to', none], liveEnv(s, { FIELDKEEP_BACKUP_PASSPHRASE: undefined }));
      expect(plain.code).toBe(1);
      expect(plain.stderr).toMatch(/Backups are always encrypted: set FIELDKEEP_BACKUP_PASSPHRASE .* or FIELDKEEP_BACKUP_RECIPIENTS/);
      expect(fs.existsSync(none) ? fs.readdirSync(none) : []).toEqual([]);
    });

    it('with recipients, backs up holding no secret; verify needs the identity file', async () => {
      const identity = await generateX25519Identity();
      const idFile = path.join(tmp, 'operator.key');
      fs.writeFileSync(idFile, `${identity}\n`);
      const folder = path.join(tmp, 'recipients');
      const env = { FIELDKEEP_BACKUP_PASSPHRASE: undefined, FIELDKEEP_BACKUP_RECIPIENTS: await identityToRecipient(identity) };
      const made = await fieldkeep(['backup', 'create', '--to', folder], liveEnv(s, env));
      expect(made.code, made.stderr).toBe(0);
      const without = await fieldkeep(['backup', 'verify', '--from', folder], liveEnv(s, env));
      expect(without.code).toBe(1);
      expect(without.stderr).toMatch(/set FIELDKEEP_BACKUP_IDENTITY/);
      const withId = await fieldkeep(['backup', 'verify', '--from', folder], liveEnv(s, { ...env, FIELDKEEP_BACKUP_IDENTITY: idFile }));
      expect(withId.code, withId.stderr).toBe(0);
    });

    it('restores only a verified backup unless one is named', async () => {
      const folder = path.join(tmp, 'unverified');
      const made = await fieldkeep(['backup', 'create', '--to', folder], liveEnv(s));
      expect(made.code, made.stderr).toBe(0);
      const r = await fieldkeep(['restore', '--from', folder, '--to', path.join(tmp, 'restore-unverified')], liveEnv(s));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/has no verified backup yet: run `fieldkeep backup verify --from/);
      expect(fs.existsSync(path.join(tmp, 'restore-unverified'))).toBe(false);
    });

    it('refuses to restore into a folder that is not empty, and touches nothing there', async () => {
      const target = path.join(tmp, 'occupied');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'fieldkeep.sqlite'), 'precious');
      const r = await fieldkeep(['restore', '--from', dir, '--to', target], liveEnv(s));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is not empty: restore only into a new or empty folder/);
      expect(fs.readdirSync(target)).toEqual(['fieldkeep.sqlite']);
      expect(fs.readFileSync(path.join(target, 'fieldkeep.sqlite'), 'utf8')).toBe('precious');
    });

    it('never counts a backup that did not finish, and clears what it left at the next run', async () => {
      const folder = copy();
      const good = (await listBackups(folder)).map((b) => b.id);
      // What a writer killed mid-way leaves: a partial folder, a temp blob, a backup folder without backup.json.
      fs.mkdirSync(path.join(folder, 'backups', '.partial-29991231T000000000Z-dead'));
      fs.writeFileSync(path.join(folder, 'backups', '.partial-29991231T000000000Z-dead', 'snapshot.age'), 'half');
      fs.mkdirSync(path.join(folder, 'backups', '29991231T000000000Z-beef'));
      fs.writeFileSync(path.join(folder, 'backups', '29991231T000000000Z-beef', 'snapshot.age'), 'half');
      fs.mkdirSync(path.join(folder, 'blobs', 'ff'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'blobs', 'ff', '.ff00.abc.tmp'), 'half');
      expect((await listBackups(folder)).map((b) => b.id)).toEqual(good);
      const r = await verify(folder);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`backup ${good.at(-1)} verified`);
      const next = await fieldkeep(['backup', 'create', '--to', folder], liveEnv(s));
      expect(next.code, next.stderr).toBe(0);
      expect(fs.existsSync(path.join(folder, 'backups', '.partial-29991231T000000000Z-dead'))).toBe(false);
      expect(fs.existsSync(path.join(folder, 'blobs', 'ff', '.ff00.abc.tmp'))).toBe(false);
    });

    it('names the blobs the database lists but the data folder lacks, keeps the rest, and never calls that backup good', async () => {
      const lost = sha256(data.blobs[1]!);
      const live = path.join(s.testDb.dataDir, 'blobs', lost.slice(0, 2), lost);
      const kept = fs.readFileSync(live);
      fs.rmSync(live);
      try {
        const folder = path.join(tmp, 'lost-blob');
        const r = await fieldkeep(['backup', 'create', '--to', folder], liveEnv(s));
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`blob ${lost}: listed in the database, but ${live} does not exist`);
        expect(r.stdout).toMatch(/^backup \S+: /);
        const v = await verify(folder);
        expect(v.code).toBe(1);
        expect(v.stderr).toMatch(/1 blobs the database lists were missing or damaged on the server when this backup was made/);
      } finally {
        fs.mkdirSync(path.dirname(live), { recursive: true });
        fs.writeFileSync(live, kept);
      }
    });
  });
}
