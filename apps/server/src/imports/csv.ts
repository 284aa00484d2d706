/**
 * A small RFC 4180 CSV parser: comma-separated fields; a field in double quotes may hold commas,
 * line breaks and doubled quotes (`""` → `"`). Lines end in CRLF or LF (a lone CR counts too).
 * A leading UTF-8 byte-order mark is dropped, and blank lines (anywhere, usually trailing) are not
 * records. Every record carries the 1-based line number it starts on, so errors can name it.
 * Lenient where files from spreadsheets commonly stray and nothing is ambiguous: a quote inside an
 * unquoted field is taken literally. Text after a closing quote, or a quote never closed, is an error.
 */
export interface CsvRecord {
  /** Line of the file the record starts on (1-based; a quoted line break makes a record span lines). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  /** The current record has seen a quote or a comma (so an empty line is not a record, but `""` is). */
  let started = false;
  /** At the start of a field: only there does a quote open a quoted field. */
  let fieldStart = true;
  let i = 0;
  const n = text.length;

  const endRecord = () => {
    fields.push(field);
    if (started || fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
    fieldStart = true;
  };

  while (i < n) {
    const c = text[i];
    if (c === '"' && fieldStart) {
      // Quoted field: runs to the next quote that is not doubled.
      const openedOn = line;
      started = true;
      fieldStart = false;
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError(openedOn, `A quoted field opened on line ${openedOn} is never closed.`);
        const d = text[i];
        if (d === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\n' || (d === '\r' && text[i + 1] !== '\n')) line++;
        field += d;
        i++;
      }
      const next = text[i];
      if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(line, `Line ${line}: text after a closing quote (write a quote inside a quoted field as "").`);
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      started = true;
      fieldStart = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += c;
    fieldStart = false;
    i++;
  }
  if (started || field !== '' || fields.length > 0) endRecord();
  return records;
}
