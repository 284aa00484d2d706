import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.js';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and lines, LF or CRLF alike', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual(fields('a,b,c\n1,2,3\n'));
    expect(fields('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\n,,,\n')).toEqual([
      ['a', '', 'c', ''],
      ['', '', '', ''],
    ]);
  });

  it('reads commas, line breaks and doubled quotes inside quoted fields', () => {
    const csv = 'name,notes\r\n"Smith, Jones & Co","Gate code 1234\r\nRing twice"\r\n"The ""Old"" Mill",plain\r\n';
    expect(fields(csv)).toEqual([
      ['name', 'notes'],
      ['Smith, Jones & Co', 'Gate code 1234\r\nRing twice'],
      ['The "Old" Mill', 'plain'],
    ]);
  });

  it('reads a quoted field after a comma and an empty quoted field', () => {
    expect(fields('a,"b,1",""\n')).toEqual([['a', 'b,1', '']]);
    expect(fields('""\n')).toEqual([['']]);
  });

  it('drops a UTF-8 byte-order mark so the first header is not mangled', () => {
    const [header] = fields('\uFEFFname,email\nAcme,a@b.test\n');
    expect(header).toEqual(['name', 'email']);
  });

  it('skips blank lines, trailing or in between, and counts them for line numbers', () => {
    const recs = parseCsv('name\n\nAcme\n\n\r\nBeta\n\n\n');
    expect(recs).toEqual([
      { line: 1, fields: ['name'] },
      { line: 3, fields: ['Acme'] },
      { line: 6, fields: ['Beta'] },
    ]);
  });

  it('gives each record the line it starts on, counting line breaks inside quotes', () => {
    const recs = parseCsv('h1,h2\n"multi\nline\r\ntext",x\nnext,y\r\n');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('takes a stray quote inside an unquoted field literally', () => {
    expect(fields('pipe 15" long,b\n')).toEqual([['pipe 15" long', 'b']]);
  });

  it('refuses a quoted field that is never closed, naming the line it opened on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
    }
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseCsv('"abc"def,1\n')).toThrow(/after a closing quote/);
  });

  it('answers no records for an empty file or one of blank lines', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF\r\n\n')).toEqual([]);
  });

  it('round-trips what a spreadsheet writes', () => {
    const rows = [
      ['client', 'name', 'notes'],
      ['Acme, Ltd', 'Flat "A"', 'line one\nline two'],
      ['', ' spaced ', 'é ✓ 漢字'],
    ];
    const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const csv = rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
    expect(fields(csv)).toEqual(rows);
  });

  it('reads back any table a conforming writer produces, whatever the fields hold and however lines end', () => {
    const fieldArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '漢', '1') });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(fieldArb, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, bom) => {
          // Quote every field: an unquoted lone empty field would be a blank line, which is not a record.
          const csv = (bom ? '\uFEFF' : '') + rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join(eol) + eol;
          expect(fields(csv)).toEqual(rows);
        },
      ),
    );
  });
});
