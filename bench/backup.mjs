// Backup and verify of a database of at least 500 MB plus blobs (issue 6), beside `restic backup` of
// the same data dir, in one run. The data: the demo tenant plus job notes inserted straight into the
// SQLite file (through the replication triggers, as the server would write them) and random photos.
// JSON out (stdout and bench/results/backup.json). BENCH_BACKUP_MB sets the target size (default 520).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
const TARGET_MB = Number(process.env.BENCH_BACKUP_MB ?? 520);
const BLOBS = Number(process.env.BENCH_BACKUP_BLOBS ?? 200);
const PASSPHRASE = 'bench passphrase, long enough';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-bench-backup-'));
const dataDir = path.join(dir, 'data');
const env = { ...process.env, FIELDKEEP_DATA_DIR: dataDir, LOG_LEVEL: 'error', FIELDKEEP_BACKUP_PASSPHRASE: PASSPHRASE };
const sizeOf = (p) => (fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0);
const du = (p) => Number(execFileSync('du', ['-sb', p], { encoding: 'utf8' }).split('\t')[0]);
const timed = (label, cmd, args, extraEnv = {}) => {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = +((performance.now() - t0) / 1000).toFixed(2);
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { seconds, out: r.stdout.trim().split('\n').at(-1) };
};

try {
  execFileSync(process.execPath, [BIN, 'demo', '--password', 'bench-password-1'], { env });
  const dbFile = path.join(dataDir, 'fieldkeep.sqlite');
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const job = db.prepare('select id, tenant_id from jobs limit 1').get();
  const author = db.prepare(`select id, name from users where tenant_id = ? and role = 'office' limit 1`).get(job.tenant_id);
  const insert = db.prepare('insert into job_notes (id, tenant_id, job_id, text, client_visible, author_id, author_name, at) values (?, ?, ?, ?, 0, ?, ?, ?)');
  const text = 'Customer reports the boiler pressure drops overnight; engineer topped up to 1.5 bar and checked the expansion vessel. '.repeat(3);
  const t0 = performance.now();
  let rows = 0;
  while (sizeOf(dbFile) + sizeOf(`${dbFile}-wal`) < TARGET_MB * 1024 * 1024) {
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(randomUUID(), job.tenant_id, job.id, text, author.id, author.name, new Date().toISOString());
    })();
    rows += 5000;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const blobDir = path.join(dataDir, 'blobs');
  const insBlob = db.prepare('insert into blobs (tenant_id, sha256, size, content_type, created_at, created_by) values (?, ?, ?, ?, ?, ?)');
  for (let i = 0; i < BLOBS; i++) {
    const bytes = randomBytes(1024 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    fs.mkdirSync(path.join(blobDir, sha.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(blobDir, sha.slice(0, 2), sha), bytes);
    insBlob.run(job.tenant_id, sha, bytes.length, 'image/jpeg', new Date().toISOString(), author.id);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const seedSeconds = +((performance.now() - t0) / 1000).toFixed(1);
  const databaseBytes = sizeOf(dbFile);
  const dataDirBytes = du(dataDir);

  const backupDir = path.join(dir, 'backups');
  const create = timed('backup create', process.execPath, [BIN, 'backup', 'create', '--to', backupDir]);
  const verify = timed('backup verify', process.execPath, [BIN, 'backup', 'verify', '--from', backupDir]);
  const again = timed('backup create (again)', process.execPath, [BIN, 'backup', 'create', '--to', backupDir]);
  const backupBytes = du(backupDir);

  let restic = { skipped: 'restic is not installed (apt-get install restic)' };
  if (spawnSync('restic', ['version']).status === 0) {
    const repo = path.join(dir, 'restic');
    const renv = { RESTIC_PASSWORD: PASSPHRASE, RESTIC_REPOSITORY: repo };
    timed('restic init', 'restic', ['init'], renv);
    const first = timed('restic backup', 'restic', ['backup', '--quiet', dataDir], renv);
    const second = timed('restic backup (again)', 'restic', ['backup', '--quiet', dataDir], renv);
    restic = { firstSeconds: first.seconds, againSeconds: second.seconds, repositoryBytes: du(repo) };
  }
  const result = {
    bench: 'backup',
    data: { databaseMB: +(databaseBytes / 1048576).toFixed(1), dataDirMB: +(dataDirBytes / 1048576).toFixed(1), noteRowsAdded: rows, blobs: BLOBS, seedSeconds },
    fieldkeep: { createSeconds: create.seconds, verifySeconds: verify.seconds, createAgainSeconds: again.seconds, backupFolderMB: +(backupBytes / 1048576).toFixed(1), summary: create.out },
    restic,
    ratio: typeof restic.firstSeconds === 'number' ? { createVsRestic: +(create.seconds / restic.firstSeconds).toFixed(2), createPlusVerifyVsRestic: +((create.seconds + verify.seconds) / restic.firstSeconds).toFixed(2) } : null,
  };
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/backup.json'), JSON.stringify(result, null, 2));
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
