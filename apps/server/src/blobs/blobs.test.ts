import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TJobDetail, TPullResponse } from '@fieldkeep/domain';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const dialect of DIALECTS) {
  describe(`blobs: photos and signatures (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let eng = '';
    let office = '';
    let jobId = '';
    const blobDir = () => path.join(s.testDb.dataDir, 'blobs');
    const put = (token: string, hash: string, body: Buffer, type = 'image/jpeg') =>
      s.app.inject({ method: 'PUT', url: `/api/blobs/${hash}`, headers: { authorization: `Bearer ${token}`, 'content-type': type }, payload: body });
    const get = (token: string, hash: string, method: 'GET' | 'HEAD' = 'GET') => s.app.inject({ method, url: `/api/blobs/${hash}`, headers: { authorization: `Bearer ${token}` } });
    const files = () => (fs.existsSync(blobDir()) ? fs.readdirSync(blobDir(), { recursive: true }).map(String) : []);

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'blobs', listen: true });
      t = await buildTenant(s);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      const site = await buildSite(s, office, t.clientId);
      jobId = (await buildJob(s, office, site.id)).id;
      await s.call('POST', '/api/visits', { token: office, body: { jobId, startsAt: '2026-11-23T10:00:00Z', endsAt: '2026-11-23T11:00:00Z', engineerIds: [t.users.engineer.id] } });
    });
    afterAll(async () => s?.stop());

    it('stores a blob once: 201, then 200; HEAD and GET give it back with its type', async () => {
      const bytes = Buffer.from('a photo of the boiler');
      const h = sha(bytes);
      expect((await get(eng, h, 'HEAD')).statusCode).toBe(404);
      expect((await put(eng, h, bytes)).statusCode).toBe(201);
      expect((await put(eng, h, bytes)).statusCode).toBe(200);
      expect((await get(office, h, 'HEAD')).statusCode).toBe(200);
      const got = await get(office, h);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      expect(got.rawPayload.equals(bytes)).toBe(true);
      expect(files().filter((f) => f.endsWith(h))).toHaveLength(1);
    });

    it('keeps nothing when the body does not match its hash', async () => {
      const claimed = sha(Buffer.from('what the phone meant to send'));
      const res = await put(eng, claimed, Buffer.from('something else'));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'hash_mismatch' } });
      expect((await get(eng, claimed, 'HEAD')).statusCode).toBe(404);
      expect(files().some((f) => f.includes(claimed))).toBe(false);
    });

    it('answers 404 to another tenant for a blob it did not upload, until it sends the bytes itself', async () => {
      const bytes = Buffer.from('signature strokes');
      const h = sha(bytes);
      await put(eng, h, bytes, 'image/png');
      const other = await buildTenant(s);
      const otherEng = await s.signIn(other.users.engineer.login, TEST_PASSWORD);
      expect((await get(otherEng, h, 'HEAD')).statusCode).toBe(404);
      expect((await get(otherEng, h)).statusCode).toBe(404);
      expect((await put(otherEng, h, bytes, 'image/png')).statusCode).toBe(201);
      expect((await get(otherEng, h, 'HEAD')).statusCode).toBe(200);
      expect((await s.app.inject({ method: 'GET', url: `/api/blobs/${h}` })).statusCode).toBe(401);
    });

    it('keeps nothing of an upload cut off halfway, and takes the whole file afterwards', async () => {
      const bytes = Buffer.alloc(256 * 1024, 7);
      const h = sha(bytes);
      const url = new URL(s.url);
      await new Promise<void>((resolve) => {
        const req = http.request({ host: url.hostname, port: url.port, method: 'PUT', path: `/api/blobs/${h}`, headers: { authorization: `Bearer ${eng}`, 'content-type': 'image/jpeg', 'content-length': bytes.length } });
        req.on('error', () => resolve());
        req.on('response', () => resolve());
        req.write(bytes.subarray(0, 100 * 1024), () => setTimeout(() => req.destroy(), 50));
      });
      await new Promise((r) => setTimeout(r, 200));
      expect((await get(eng, h, 'HEAD')).statusCode).toBe(404);
      expect(files().some((f) => f.includes(h))).toBe(false);
      expect((await put(eng, h, bytes)).statusCode).toBe(201);
    });

    it('answers 507 storage_full when the disk is full (injected ENOSPC), keeping nothing', async () => {
      const bytes = Buffer.from('a photo on a full disk');
      const h = sha(bytes);
      s.blobStore.beforeWrite = () => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      };
      try {
        const res = await put(eng, h, bytes);
        expect(res.statusCode).toBe(507);
        expect(res.json()).toMatchObject({ error: { code: 'storage_full' } });
      } finally {
        s.blobStore.beforeWrite = undefined;
      }
      expect(files().some((f) => f.includes(h))).toBe(false);
      expect((await put(eng, h, bytes)).statusCode).toBe(201);
    });

    it('attaches an uploaded photo to the job (the office sees it once); a missing blob is a rejection', async () => {
      const bytes = Buffer.from('photo: new washer fitted');
      const h = sha(bytes);
      await put(eng, h, bytes);
      const at = '2026-11-23T10:40:00Z';
      const res = await s.call('POST', '/api/sync/push', {
        token: eng,
        body: {
          protocolVersion: 1,
          clientId: `blob-dev-${dialect}`,
          mutations: [
            { id: 1, name: 'attachment.add', args: { id: '01a20000-0000-7000-8000-0000000000a1', jobId, kind: 'photo', sha256: h, contentType: 'image/jpeg', size: bytes.length, at } },
            { id: 2, name: 'attachment.add', args: { id: '01a20000-0000-7000-8000-0000000000a2', jobId, kind: 'photo', sha256: sha(Buffer.from('never sent')), contentType: 'image/jpeg', size: 10, at } },
          ],
        },
      });
      expect(res.json()).toMatchObject({ lastMutationId: 2 });
      const detail = (await s.call('GET', `/api/jobs/${jobId}`, { token: office })).json() as TJobDetail;
      expect(detail.attachments.map((a) => a.sha256)).toEqual([h]);
      const pulled = (await s.call('GET', `/api/sync/pull?clientId=blob-dev-${dialect}&cursor=`, { token: eng })).json() as TPullResponse;
      expect(pulled.rejections.map((r) => r.code)).toEqual(['blob_missing']);
    });
  });
}
