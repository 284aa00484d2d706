import { execFileSync, execSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/smtp.js';
import { spawnFieldkeep, type ServerChild } from '../testing/server-process.js';

/**
 * Storage faults against a real server process whose data dir is a small tmpfs (mounted here: the
 * suite runs as root in CI). A blob upload cut off halfway leaves nothing behind; a full disk gives
 * errors, never a false success; and when space returns the same server takes writes again.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
const PASSWORD = 'disk-full-password';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-mountprobe-'));
  try {
    execSync(`mount -t tmpfs -o size=1m tmpfs ${probe}`, { stdio: 'ignore' });
    execSync(`umount ${probe}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

const mountable = canMount();
if (!mountable) console.warn('disk-full test: cannot mount a tmpfs here (not root, or no privilege); the ENOSPC injection test in blobs.test.ts covers the blob path only.');

describe.skipIf(!mountable)('a full disk and a cut-off upload (real process on a 40 MB tmpfs)', () => {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-tmpfs-'));
  const dataDir = path.join(mnt, 'data');
  const filler = path.join(mnt, 'filler');
  let server: ServerChild | undefined;
  let url = '';
  let token = '';
  let jobId = '';

  const call = async (method: string, p: string, body?: unknown, raw?: Buffer) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': raw ? 'image/jpeg' : 'application/json' },
      body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(8000),
    }).catch((err: unknown) => {
      throw new Error(`${method} ${p}: ${(err as Error).message}`);
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const fill = () => {
    const fd = fs.openSync(filler, 'w');
    const chunk = Buffer.alloc(256 * 1024);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      fs.closeSync(fd);
    }
  };
  const push = (id: number) =>
    call('POST', '/api/sync/push', {
      protocolVersion: 1,
      clientId: 'disk-full-phone',
      mutations: [{ id, name: 'jobNote.add', args: { id: `01a20000-0000-7000-8000-${String(id).padStart(12, '0')}`, jobId, text: `note ${id}`, at: '2026-11-23T10:00:00Z' } }],
    });

  beforeAll(async () => {
    execSync(`mount -t tmpfs -o size=40m tmpfs ${mnt}`);
    execFileSync(process.execPath, [BIN, 'demo', '--password', PASSWORD], { env: { ...process.env, FIELDKEEP_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    server = await spawnFieldkeep('serve', { FIELDKEEP_DATA_DIR: dataDir, PORT: String(await freePort()) });
    url = server.url;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'eng1@demo.test', password: PASSWORD }) });
    token = ((await login.json()) as { token: string }).token;
    const db = new SQLite(path.join(dataDir, 'fieldkeep.sqlite'), { readonly: true });
    jobId = (db.prepare(`select v.job_id as id from visits v join visit_engineers ve on ve.visit_id = v.id join users u on u.id = ve.engineer_id where u.login = 'eng1@demo.test' limit 1`).get() as { id: string }).id;
    db.close();
  }, 60_000);

  afterAll(async () => {
    await server?.kill('SIGKILL');
    execSync(`umount -l ${mnt}`);
    fs.rmSync(mnt, { recursive: true, force: true });
  });

  it('never records a blob whose upload was cut off halfway', async () => {
    const photo = randomBytes(200_000);
    const h = sha(photo);
    await new Promise<void>((resolve) => {
      const u = new URL(`${url}/api/blobs/${h}`);
      const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg', 'content-length': String(photo.length) } });
      req.on('error', () => resolve());
      req.write(photo.subarray(0, 100_000), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 100));
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${url}/api/blobs/${h}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    const files = fs.existsSync(path.join(dataDir, 'blobs')) ? fs.readdirSync(path.join(dataDir, 'blobs'), { recursive: true }).map(String).filter((f) => f.includes(h.slice(0, 16))) : [];
    expect(files).toEqual([]); // neither the blob nor its temp file
    const attach = await call('POST', '/api/sync/push', {
      protocolVersion: 1,
      clientId: 'disk-full-phone-2',
      mutations: [{ id: 1, name: 'attachment.add', args: { id: '01a20000-0000-7000-8000-00000000a001', jobId, kind: 'photo', sha256: h, contentType: 'image/jpeg', size: photo.length, at: '2026-11-23T10:00:00Z' } }],
    });
    expect(attach.status).toBe(200);
    const pulled = await call('GET', '/api/sync/pull?clientId=disk-full-phone-2&cursor=');
    expect((pulled.body.rejections as Array<{ code: string }>).map((r) => r.code)).toEqual(['blob_missing']);
    // The full upload afterwards is stored.
    expect((await call('PUT', `/api/blobs/${h}`, undefined, photo)).status).toBe(201);
  });

  it('answers errors while the disk is full, keeps what was stored, and takes writes again when space returns', async () => {
    expect((await push(1)).status).toBe(200);
    fill();
    try {
      const photo = randomBytes(300_000);
      const up = await call('PUT', `/api/blobs/${sha(photo)}`, undefined, photo);
      expect(up.status).toBe(507);
      expect((up.body.error as { code: string }).code).toBe('storage_full');
      // A push may fit in what little is left of a page; fill it up with pushes until one fails.
      let refused: { status: number; body: Record<string, unknown> } | undefined;
      let next = 2;
      for (let i = 0; i < 200 && !refused; i++) {
        const r = await push(next);
        if (r.status === 200) next++;
        else refused = r;
      }
      expect(refused, 'a push was refused once the disk was full').toBeDefined();
      expect(refused!.status, JSON.stringify(refused!.body)).toBeGreaterThanOrEqual(500);
      expect((refused!.body.error as { code: string }).code).toBe('storage_full');
      fs.rmSync(filler);
      // Space is back: the same server, not restarted, takes the refused write (idempotent retry) and new ones.
      const again = await push(next);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect((again.body as { lastMutationId: number }).lastMutationId).toBe(next);
      expect((await call('PUT', `/api/blobs/${sha(photo)}`, undefined, photo)).status).toBe(201);
      // Everything stored before and after is there for a phone to pull.
      const pulled = await call('GET', '/api/sync/pull?clientId=disk-full-reader&cursor=');
      expect(pulled.status).toBe(200);
      const db = new SQLite(path.join(dataDir, 'fieldkeep.sqlite'), { readonly: true });
      const notes = db.prepare(`select count(*) as n from job_notes where text like 'note %' and job_id = ?`).get(jobId) as { n: number };
      expect(notes.n).toBe(next);
      expect((db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
      db.close();
    } finally {
      fs.rmSync(filler, { force: true });
    }
  });
});
