import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { zipStream, type ZipSource } from './zip-writer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-zip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function sources(): Array<ZipSource & { bytes: Buffer }> {
  const files: Array<[string, Buffer, boolean]> = [
    ['export/manifest.json', Buffer.from(JSON.stringify({ hello: 'world', list: Array.from({ length: 500 }, (_, i) => i) })), true],
    ['export/tables/jobs.csv', Buffer.from('"id","text"\r\n"1","café ✓"\r\n'.repeat(2000)), true],
    ['export/tables/empty.csv', Buffer.alloc(0), true],
    ['export/blobs/ab/photo', randomBytes(700_000), false],
  ];
  return files.map(([name, bytes, compress], i) => {
    const p = path.join(dir, `src-${i}`);
    fs.writeFileSync(p, bytes);
    return { name, path: p, size: bytes.length, compress, mtime: new Date('2026-11-23T10:11:12Z'), bytes };
  });
}

async function writeZip(file: string, opts: { forceZip64?: boolean } = {}) {
  const src = sources();
  await pipeline(Readable.from(zipStream(src, opts)), fs.createWriteStream(file));
  return src;
}

const PY = `
import sys, zipfile, hashlib, json
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))
`;

describe('streaming zip writer', () => {
  for (const forceZip64 of [false, true]) {
    it(`writes a zip that unzip and Python's zipfile read back byte for byte${forceZip64 ? ' (with ZIP64 records)' : ''}`, async () => {
      const file = path.join(dir, `t${forceZip64 ? '64' : '32'}.zip`);
      const src = await writeZip(file, { forceZip64 });
      expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
      const got = JSON.parse(execFileSync('python3', ['-c', PY, file], { encoding: 'utf8' })) as Record<string, string>;
      expect(got).toEqual(Object.fromEntries(src.map((s) => [s.name, sha(s.bytes)])));
      // Text is compressed; the photo is only stored.
      expect(fs.statSync(file).size).toBeLessThan(700_000 + 60_000);
    });
  }

  it('closes the files it reads when the reader stops early', async () => {
    const src = sources();
    const it = zipStream(src);
    await it.next();
    await it.next();
    await it.return(undefined);
    // Nothing left open: the source files can be removed (and on Linux the fds are gone).
    const fds = fs.readdirSync('/proc/self/fd').map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(fds.filter((f) => f.startsWith(dir))).toEqual([]);
  });
});
