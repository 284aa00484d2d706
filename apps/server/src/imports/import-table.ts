import { IMPORT_COLUMNS, IMPORT_MAX_ROWS, type TImportKind, type TImportRowError } from '@fieldkeep/domain';
import type { z } from 'zod';
import { CsvSyntaxError, parseCsv } from './csv.js';

/** One data row of an import file: its line number and its cells by (canonical) column name, trimmed. */
export interface ImportRow {
  line: number;
  cells: Readonly<Record<string, string>>;
}

/** Problems found in a file, by the line each row starts on. */
export class RowErrors {
  private readonly byLine = new Map<number, Array<{ column: string; message: string }>>();

  add(line: number, column: string, message: string): void {
    const list = this.byLine.get(line) ?? [];
    if (!list.some((e) => e.column === column && e.message === message)) list.push({ column, message });
    this.byLine.set(line, list);
  }

  has(line: number): boolean {
    return this.byLine.has(line);
  }

  get size(): number {
    return this.byLine.size;
  }

  list(): TImportRowError[] {
    return [...this.byLine.entries()].sort(([a], [b]) => a - b).map(([row, errors]) => ({ row, errors }));
  }
}

/** The file as a whole cannot be imported (bad CSV, bad header, too long): every problem found. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly rows: TImportRowError[],
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "Contact Name", "contact-name" and "CONTACT_NAME" all name the column contact_name. */
const canonical = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Parses an import file and checks its shape: a header naming known columns (each once, the
 * required ones present), every row as long as the header, at least one and at most
 * IMPORT_MAX_ROWS rows. Throws ImportRefused otherwise.
 */
export function readImportTable(kind: TImportKind, csv: string): ImportRow[] {
  let records;
  try {
    records = parseCsv(csv);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ImportRefused('The file is not valid CSV.', [{ row: e.line, errors: [{ column: '', message: e.message }] }]);
    throw e;
  }
  const [header, ...data] = records;
  if (!header) throw new ImportRefused('The file is empty.', []);

  const spec = IMPORT_COLUMNS[kind];
  const headerErrors = new RowErrors();
  const columns = header.fields.map(canonical);
  columns.forEach((c, i) => {
    const raw = header.fields[i] ?? '';
    if (!spec.columns.includes(c)) headerErrors.add(header.line, raw, `Unknown column "${raw}". The ${kind} import reads: ${spec.columns.join(', ')}.`);
    else if (columns.indexOf(c) !== i) headerErrors.add(header.line, raw, `The column ${c} appears more than once.`);
  });
  for (const r of spec.required) if (!columns.includes(r)) headerErrors.add(header.line, r, `The column ${r} is missing (required).`);
  if (headerErrors.size > 0) throw new ImportRefused('The header row does not fit this import.', headerErrors.list());

  if (data.length === 0) throw new ImportRefused('The file has a header but no rows to import.', []);
  if (data.length > IMPORT_MAX_ROWS) {
    throw new ImportRefused(`The file has ${data.length} rows; one import takes at most ${IMPORT_MAX_ROWS}. Split it into smaller files.`, []);
  }

  const lengthErrors = new RowErrors();
  const rows = data.map((rec) => {
    const extra = rec.fields.slice(columns.length);
    if (rec.fields.length < columns.length || extra.some((f) => f.trim() !== '')) {
      lengthErrors.add(rec.line, '', `This row has ${plural(rec.fields.length, 'field')}; the header has ${plural(columns.length, 'column')}. Check for a missing or extra comma, or a line break outside quotes.`);
    }
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => (cells[c] = (rec.fields[i] ?? '').trim()));
    return { line: rec.line, cells };
  });
  if (lengthErrors.size > 0) throw new ImportRefused('Some rows do not have as many fields as the header.', lengthErrors.list());
  return rows;
}

/** A cell as an optional API field: empty → undefined, so the schema's own rule for "required" applies. */
export const cell = (row: ImportRow, column: string): string | undefined => (row.cells[column] ? row.cells[column] : undefined);

/**
 * Validates one row's fields with the API's own schema, reporting each problem under the column it
 * came from (`columnOf` maps the schema's path to a column). An empty cell the schema needs is "Required.".
 */
export function validateRow<S extends z.ZodType>(schema: S, value: unknown, row: ImportRow, errors: RowErrors, columnOf: Record<string, string>): z.output<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const column = columnOf[path] ?? path;
    errors.add(row.line, column, row.cells[column] ? issue.message : 'Required.');
  }
  return undefined;
}

/** A cell holding a number (lat, lng): empty → undefined; not a number → an error under that column. */
export function numberCell(row: ImportRow, column: string, errors: RowErrors): number | undefined {
  const v = cell(row, column);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    errors.add(row.line, column, `"${v}" is not a number.`);
    return undefined;
  }
  return n;
}

/** Finds rows that repeat an earlier row's key (case-insensitive), reporting each against the first. */
export function flagDuplicates<T>(items: ReadonlyArray<{ row: ImportRow; value: T }>, key: (v: T) => string, errors: RowErrors, column: string, what: string): void {
  const seen = new Map<string, number>();
  for (const { row, value } of items) {
    const k = key(value).toLowerCase();
    const first = seen.get(k);
    if (first !== undefined) errors.add(row.line, column, `The same ${what} as row ${first}: each may appear once.`);
    else seen.set(k, row.line);
  }
}
