import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvFormatError, encodeCsvRow, readCsvRecords } from './csv-format.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(text: string | Buffer): Promise<Array<Array<string | null>>> {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  const out: Array<Array<string | null>> = [];
  for await (const r of readCsvRecords(file)) out.push(r.cells);
  return out;
}

describe('export CSV', () => {
  it('tells NULL from empty text, quotes every text and leaves numbers bare', () => {
    expect(encodeCsvRow(['a', '', null, 0, 51.5, -0.1234567890123, 'say "hi", ok'])).toBe('"a","",,0,51.5,-0.1234567890123,"say ""hi"", ok"\r\n');
  });

  it('reads back exactly what it wrote: quotes, commas, line breaks, NULLs, non-ASCII', async () => {
    const rows: Array<Array<string | null>> = [
      ['id', 'text', 'n'],
      ['1', 'plain', null],
      ['2', '', '3.25'],
      ['3', 'line one\r\nline two\nline three\rend', '-7'],
      ['4', '"quoted" , comma ✓ café 日本 🚐', null],
      [null, null, null],
    ];
    const text = rows.map((r, line) => encodeCsvRow(r.map((v, i) => (line > 0 && i === 2 && v !== null ? Number(v) : v)))).join('');
    expect(await readAll(text)).toEqual(rows);
  });

  it('reads a file larger than one read chunk, with fields split across chunks', async () => {
    const long = 'x"y,'.repeat(200_000);
    const text = encodeCsvRow(['a', 'b']) + encodeCsvRow([long, null]) + encodeCsvRow(['tail', 'end']);
    expect(await readAll(text)).toEqual([
      ['a', 'b'],
      [long, null],
      ['tail', 'end'],
    ]);
  });

  it('drops a byte-order mark and refuses broken quoting with the line', async () => {
    expect(await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"a"\r\n')]))).toEqual([['a']]);
    await expect(readAll('"a","b\r\n')).rejects.toThrow(CsvFormatError);
    await expect(readAll('"a"x,1\r\n')).rejects.toThrow(/line 1: text after a closing quote/);
    await expect(readAll('ok\r\na"b\r\n')).rejects.toThrow(/line 2: a quote inside an unquoted field/);
  });
});
