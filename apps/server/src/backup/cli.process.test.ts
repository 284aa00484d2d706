import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { buildDrillData, fieldkeep, liveEnv, TEST_PASSPHRASE, useFastPassphraseKdf } from './backup.fixtures.js';
import { listBackups } from './folder.js';

// The built `fieldkeep` command as an operator runs it (`npm run build` makes apps/server/dist):
// help, a refusal, and a backup killed with SIGKILL half-way, which must never count.

useFastPassphraseKdf();
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
const children = new Set<ChildProcess>();

function start(args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, done, stderr: () => stderr };
}
const run = (args: string[], env: Record<string, string | undefined> = {}) => start(args, env).done;

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

describe('the fieldkeep command: backup and restore', () => {
  let s: TestServer;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-backup-cli-'));

  beforeAll(async () => {
    s = await startTestServer('sqlite', { label: 'backup-cli' });
    await buildDrillData(s, { blobs: 40, blobSize: 256 * 1024 });
  });
  afterAll(async () => {
    await s?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('explains each command in --help', async () => {
    // Commander wraps long lines: compare with the whitespace folded.
    const help = async (...args: string[]) => {
      const r = await run([...args, '--help']);
      expect(r.code).toBe(0);
      return r.stdout.replace(/\s+/g, ' ');
    };
    expect(await help()).toMatch(/backup Encrypted backups .* restore \[options\] Restore a backup into a new, empty data folder/);
    const create = await help('backup', 'create');
    expect(create).toContain('--to <dir> backup folder');
    expect(create).toContain('blobs already in it are not copied again');
    expect(await help('backup', 'verify')).toContain('Exits 0 only when everything matches its manifest');
    expect(await help('restore')).toContain('--to <dataDir> new or empty folder to become FIELDKEEP_DATA_DIR');
  });

  it('refuses to write an unencrypted backup: exit 1, says what to set, writes nothing', async () => {
    const dir = path.join(tmp, 'plain');
    const r = await run(['backup', 'create', '--to', dir], { FIELDKEEP_DATA_DIR: s.testDb.dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fieldkeep: Backups are always encrypted: set FIELDKEEP_BACKUP_PASSPHRASE/m);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });

  it('never counts a backup killed half-way; the next one cleans up after it and verifies', async () => {
    const dir = path.join(tmp, 'killed');
    const env = liveEnv(s) as Record<string, string>;
    const victim = start(['backup', 'create', '--to', dir], env);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no blob progress: ${victim.stderr()}`)), 30_000);
      const poll = setInterval(() => {
        if (/^blobs \d+\/40/m.test(victim.stderr())) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        }
      }, 5);
    });
    victim.child.kill('SIGKILL');
    const killed = await victim.done;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe('');
    expect(await listBackups(dir)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.startsWith('.partial-'))).toHaveLength(1);
    // The plaintext snapshot is gone once encrypted; one left by a kill during the snapshot step looks like this:
    const tmpDir = path.join(s.testDb.dataDir, 'backup-tmp');
    expect(fs.readdirSync(tmpDir)).toEqual([]);
    fs.writeFileSync(path.join(tmpDir, `${victim.child.pid}-20261123T090000000Z-dead.sqlite`), 'plaintext copy');

    const again = await fieldkeep(['backup', 'create', '--to', dir], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/blobs \d+ new \/ \d+ reused/);
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(fs.readdirSync(tmpDir)).toEqual([]);
    const v = await run(['backup', 'verify', '--from', dir], { FIELDKEEP_DATA_DIR: s.testDb.dataDir, FIELDKEEP_BACKUP_PASSPHRASE: TEST_PASSPHRASE });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^backup \S+ verified: \d+ tables, 40 blobs/);
    expect(v.stderr).toMatch(/^blobs 40\/40/m);
  });
});
