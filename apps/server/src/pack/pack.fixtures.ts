import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { RouteFixtures } from '../testing/route-fixtures.js';

/**
 * The pack's routes for the route-wide tests (http/routes.test.ts): tenant A gets a pack, so
 * `/api/pack/files/:packId` has a record to refuse to tenant B. Also the pack tests' readers (a
 * `.fixtures.ts` file is left out of the build).
 */
export const fixtures: RouteFixtures = {
  order: 200,
  async seed(s, _a, token): Promise<Record<string, string>> {
    const res = await s.call('POST', '/api/pack', { token });
    if (res.statusCode !== 201) throw new Error(`seed pack: ${res.statusCode} ${res.body}`);
    return { packId: res.json<{ pack: { id: string } }>().pack.id };
  },
  bodies: {
    'PUT /api/pack/settings': { customerScript: 'Say: our systems are down, we are working from paper today.', backUpChecklist: null },
  },
};

/** The zip's files by path below its one top folder. */
export function unzipPack(zip: Buffer): Map<string, Buffer> {
  const files = unzipSync(new Uint8Array(zip));
  const out = new Map<string, Buffer>();
  for (const [name, bytes] of Object.entries(files)) out.set(name.split('/').slice(1).join('/'), Buffer.from(bytes));
  return out;
}

/** What a person reads on the page, via poppler's pdftotext; runs of white space (a wrapped table cell) read as one space. */
export function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-pack-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows of a CSV as the pack writes it (BOM, every field quoted, CRLF). */
export function csvRows(csv: Buffer): string[][] {
  return csv
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
}
