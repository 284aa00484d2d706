import fs from 'node:fs';

/**
 * The CSV of a tenant export (RFC 4180, UTF-8 without a byte-order mark, CRLF line ends, a header
 * row of column names). A database NULL and an empty text are told apart the way PostgreSQL's
 * `COPY … CSV` does: NULL is an empty, unquoted field; text is always quoted, so an empty text is
 * `""`. Numbers are written unquoted in JavaScript's shortest round-trip form.
 */

/**
 * One row as a CSV line. Self-contained on purpose (no imports, no closures): the SQLite export
 * worker runs this very function from its source text, so both dialects write identical bytes.
 */
export function encodeCsvRow(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'number' || typeof v === 'bigint') {
      out += String(v);
    } else if (typeof v === 'boolean') {
      out += v ? '1' : '0';
    } else if (typeof v === 'string') {
      out += '"' + v.replace(/"/g, '""') + '"';
    } else {
      throw new Error('cannot write a value of type ' + typeof v + ' to CSV');
    }
  }
  return out + '\r\n';
}

/** A CSV field as read back: null for an empty unquoted field, otherwise its text. */
export type CsvCell = string | null;

export class CsvFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}, line ${line}: ${message}`);
    this.name = 'CsvFormatError';
  }
}

/**
 * Reads a CSV file record by record without holding it in memory. Quoted fields may hold commas,
 * quotes (doubled) and line breaks. Yields each record's cells and the line it starts on.
 */
export async function* readCsvRecords(file: string, label = file): AsyncGenerator<{ line: number; cells: CsvCell[] }> {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let cells: CsvCell[] = [];
  let field = '';
  let quoted = false;
  /** Inside a quoted field. */
  let inQuotes = false;
  /** Just saw a quote inside a quoted field: either the closing quote or the first of a doubled one. */
  let quotePending = false;
  let atFieldStart = true;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let pendingCr = false;

  const endField = () => {
    cells.push(quoted ? field : field === '' ? null : field);
    field = '';
    quoted = false;
    atFieldStart = true;
  };

  for await (const chunk of stream as AsyncIterable<string>) {
    let text = chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: Array<{ line: number; cells: CsvCell[] }> = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          inQuotes = false;
          // fall through: the character after a closing quote must end the field or the record
        } else if (c === '"') {
          quotePending = true;
          continue;
        } else {
          if (c === '\n' || c === '\r') line++;
          if (c === '\r' && text[i + 1] === '\n') {
            field += '\r\n';
            i++;
            continue;
          }
          field += c;
          continue;
        }
      }
      if (c === '"') {
        if (!atFieldStart) throw new CsvFormatError(label, line, 'a quote inside an unquoted field');
        inQuotes = true;
        quoted = true;
        atFieldStart = false;
        continue;
      }
      if (c === ',') {
        endField();
        continue;
      }
      if (c === '\r' || c === '\n') {
        endField();
        out.push({ line: recordLine, cells });
        cells = [];
        line++;
        recordLine = line;
        if (c === '\r') pendingCr = true;
        continue;
      }
      if (quoted) throw new CsvFormatError(label, line, 'text after a closing quote');
      field += c;
      atFieldStart = false;
    }
    for (const r of out) yield r;
  }
  if (inQuotes && !quotePending) throw new CsvFormatError(label, line, 'a quoted field is never closed');
  if (!atFieldStart || cells.length > 0 || quotePending) {
    endField();
    yield { line: recordLine, cells };
  }
}
