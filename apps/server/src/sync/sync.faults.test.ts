/**
 * Faults against a real server process: a phone keeps every mutation until an answer says it is
 * stored; the server is killed with SIGKILL in the middle of pushes, batches arrive twice and out
 * of order. Afterwards every mutation is stored exactly once and none was lost. Then a day's load
 * — 500 mutations and 200 photos — synced in one go.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJobDetail, TPullResponse } from '@fieldkeep/domain';
import { spawnServer, type ServerChild } from '../testing/server-process.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';

const PASSWORD = 'fault-test-password';
const uuid = (n: number) => `01a30000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** A phone's outbox: mutations leave it only on an answer that says they are stored. */
class Phone {
  outbox: Array<{ id: number; name: string; args: unknown }> = [];
  acknowledged = new Set<number>();
  constructor(
    readonly clientId: string,
    public token: string,
  ) {}

  async pushOnce(url: string, batch = 50): Promise<number | 'failed'> {
    const mutations = this.outbox.slice(0, batch);
    try {
      const res = await fetch(`${url}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ protocolVersion: 1, clientId: this.clientId, mutations }),
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status !== 200) return 'failed';
      const { lastMutationId } = (await res.json()) as { lastMutationId: number };
      for (const m of this.outbox) if (m.id <= lastMutationId) this.acknowledged.add(m.id);
      this.outbox = this.outbox.filter((m) => m.id > lastMutationId);
      return res.status;
    } catch {
      return 'failed';
    }
  }
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

for (const dialect of DIALECTS) {
  describe(`sync under faults, real server process (${dialect})`, () => {
    let db: TestDatabase;
    let env: Record<string, string>;
    let server: ServerChild;
    let jobId = '';

    beforeAll(async () => {
      db = await createTestDatabase(dialect, 'faults');
      const port = String(20_000 + Math.floor(Math.random() * 20_000));
      env = { FIELDKEEP_DATA_DIR: db.dataDir, PORT: port, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
      // The test's own database connection is not needed: the server process owns the data.
      await db.database.close();
      server = await spawnServer(env, ['--demo', '--demo-password', PASSWORD]);
      const eng = await signIn(server.url, 'eng1@demo.test');
      const pulled = (await (await fetch(`${server.url}/api/sync/pull?clientId=setup-${dialect}&cursor=`, { headers: { authorization: `Bearer ${eng}` } })).json()) as TPullResponse;
      jobId = pulled.changes.find((c) => c.entity === 'job')!.id;
    }, 120_000);
    afterAll(async () => {
      await server?.kill('SIGKILL');
      db.database = { ...db.database, close: async () => undefined };
      await db?.drop();
    });

    const notesOnJob = async (): Promise<string[]> => {
      const office = await signIn(server.url, 'office@demo.test');
      const detail = (await (await fetch(`${server.url}/api/jobs/${jobId}`, { headers: { authorization: `Bearer ${office}` } })).json()) as TJobDetail;
      return detail.notes.map((n) => n.text);
    };

    it('stores every mutation exactly once through SIGKILLs mid-push, duplicate and out-of-order batches', async () => {
      const phone = new Phone(`fault-phone-${dialect}`, await signIn(server.url, 'eng1@demo.test'));
      const N = 600;
      for (let i = 1; i <= N; i++) phone.outbox.push({ id: i, name: 'jobNote.add', args: { id: uuid(i), jobId, text: `fault note ${i}`, at: '2026-11-23T10:00:00Z' } });

      let kills = 0;
      for (let round = 0; phone.outbox.length > 0 && round < 200; round++) {
        if (round % 3 === 1 && kills < 3) {
          // Kill the server while a large push is in flight, then bring it back on the same data.
          const inflight = phone.pushOnce(server.url, 200);
          await new Promise((r) => setTimeout(r, 5 + kills * 7));
          await server.kill('SIGKILL');
          expect(await inflight).toBe('failed');
          kills++;
          server = await spawnServer(env);
          phone.token = await signIn(server.url, 'eng1@demo.test');
          continue;
        }
        if (round === 4) {
          // A batch delivered twice: the first answer lost, the phone sends it again.
          const replay = phone.outbox.slice(0, 20);
          await phone.pushOnce(server.url, 20);
          const again = await fetch(`${server.url}/api/sync/push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${phone.token}` },
            body: JSON.stringify({ protocolVersion: 1, clientId: phone.clientId, mutations: replay }),
          });
          expect(again.status).toBe(200);
          continue;
        }
        if (round === 6 && phone.outbox.length > 30) {
          // Out of order: a later batch arrives first; nothing of it is applied.
          const later = phone.outbox.slice(10, 30);
          const res = await fetch(`${server.url}/api/sync/push`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${phone.token}` },
            body: JSON.stringify({ protocolVersion: 1, clientId: phone.clientId, mutations: later }),
          });
          expect(res.status).toBe(409);
          expect(((await res.json()) as { lastMutationId: number }).lastMutationId).toBe(phone.outbox[0]!.id - 1);
          continue;
        }
        await phone.pushOnce(server.url, 50);
      }
      expect(kills).toBe(3);
      expect(phone.outbox).toEqual([]);
      expect(phone.acknowledged.size).toBe(N);
      const texts = (await notesOnJob()).filter((t) => t.startsWith('fault note '));
      expect(texts).toHaveLength(N);
      expect(new Set(texts).size).toBe(N);
    }, 240_000);

    it('takes a day offline in one go: 500 mutations and 200 photos', async () => {
      const eng = await signIn(server.url, 'eng1@demo.test');
      const phone = new Phone(`day-phone-${dialect}`, eng);
      const photos = Array.from({ length: 200 }, (_, i) => {
        const bytes = Buffer.alloc(48 * 1024, i); // ~48 KB, like a downscaled photo
        bytes.write(`photo ${i}`);
        return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
      });
      // Blobs first (DESIGN: upload before the mutation that names them), four at a time.
      for (let i = 0; i < photos.length; i += 4) {
        const statuses = await Promise.all(
          photos.slice(i, i + 4).map(async (p) => (await fetch(`${server.url}/api/blobs/${p.sha256}`, { method: 'PUT', headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg' }, body: p.bytes })).status),
        );
        expect(statuses.every((st) => st === 201)).toBe(true);
      }
      let id = 0;
      for (const p of photos) phone.outbox.push({ id: ++id, name: 'attachment.add', args: { id: uuid(10_000 + id), jobId, kind: 'photo', sha256: p.sha256, contentType: 'image/jpeg', size: p.bytes.length, at: '2026-11-23T11:00:00Z' } });
      while (id < 500) phone.outbox.push({ id: ++id, name: 'jobNote.add', args: { id: uuid(10_000 + id), jobId, text: `day note ${id}`, at: '2026-11-23T12:00:00Z' } });
      while (phone.outbox.length) expect(await phone.pushOnce(server.url, 200)).toBe(200);
      const office = await signIn(server.url, 'office@demo.test');
      const detail = (await (await fetch(`${server.url}/api/jobs/${jobId}`, { headers: { authorization: `Bearer ${office}` } })).json()) as TJobDetail;
      expect(detail.attachments.filter((a) => photos.some((p) => p.sha256 === a.sha256))).toHaveLength(200);
      expect(detail.notes.filter((n) => n.text.startsWith('day note '))).toHaveLength(300);
    }, 240_000);
  });
}
