import { CATCHUP_CSV_COLUMNS, CATCHUP_MAX_ENTRIES, ZCatchupEntry, type TCatchupEntryParsed, type TImportRowError } from '@fieldkeep/domain';
import { CsvSyntaxError, parseCsv } from '../imports/csv.js';
import { ImportRefused, RowErrors } from '../imports/import-table.js';
import type { Person } from './catchup.repository.js';

/**
 * A catch-up CSV (docs/catchup.md): one paper entry per row, read with the imports' CSV parser and
 * reported the same way — every bad row with its problems, and nothing used unless every row is
 * good. Columns: kind (note | visit | time), paper_date, job, engineer, arrived, departed, status,
 * reason, activity, started, ended, text. People are named by sign-in name, email or full name;
 * activities by name; dates as 2026-11-20 or 20/11/2026; times as 09:30.
 */

const canonical = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Which column reports a problem the entry schema found at a path. */
const COLUMN_OF: Record<string, string> = {
  kind: 'kind',
  paperDate: 'paper_date',
  job: 'job',
  engineerId: 'engineer',
  arrived: 'arrived',
  departed: 'departed',
  status: 'status',
  reason: 'reason',
  activityTypeId: 'activity',
  started: 'started',
  ended: 'ended',
  text: 'text',
  note: 'text',
  time: 'started',
};

function toIsoDate(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) ?? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d] = v.includes('-') ? [m[1]!, m[2]!, m[3]!] : [m[3]!, m[2]!.padStart(2, '0'), m[1]!.padStart(2, '0')];
  const iso = `${y}-${mo}-${d}`;
  // A real calendar day (no 31 November).
  const t = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** 9:05, 09.05 and 0905 all mean 09:05. */
function toClock(v: string): string {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(v);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : v;
}

export function readCatchupCsv(csv: string, people: readonly Person[], activities: ReadonlyArray<{ id: string; name: string }>): TCatchupEntryParsed[] {
  let records;
  try {
    records = parseCsv(csv);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new ImportRefused('The file is not valid CSV.', [{ row: e.line, errors: [{ column: '', message: e.message }] }]);
    throw e;
  }
  const [header, ...data] = records;
  if (!header) throw new ImportRefused('The file is empty.', []);
  const columns = header.fields.map(canonical);
  const headerErrors = new RowErrors();
  columns.forEach((c, i) => {
    if (!(CATCHUP_CSV_COLUMNS as readonly string[]).includes(c)) headerErrors.add(header.line, header.fields[i] ?? '', `Unknown column "${header.fields[i]}". A catch-up file reads: ${CATCHUP_CSV_COLUMNS.join(', ')}.`);
    else if (columns.indexOf(c) !== i) headerErrors.add(header.line, c, `The column ${c} appears more than once.`);
  });
  for (const r of ['kind', 'paper_date']) if (!columns.includes(r)) headerErrors.add(header.line, r, `The column ${r} is missing (required).`);
  if (headerErrors.size > 0) throw new ImportRefused('The header row does not fit a catch-up file.', headerErrors.list());
  if (data.length === 0) throw new ImportRefused('The file has a header but no rows.', []);
  if (data.length > CATCHUP_MAX_ENTRIES) throw new ImportRefused(`The file has ${data.length} rows; one catch-up takes at most ${CATCHUP_MAX_ENTRIES}. Split it into smaller files.`, []);

  const byKey = new Map<string, Person[]>();
  const addKey = (k: string | null, p: Person) => {
    if (!k) return;
    const key = k.trim().toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  };
  for (const p of people) {
    if (p.role === 'client') continue;
    addKey(p.login, p);
    if (p.email && p.email.toLowerCase() !== p.login.toLowerCase()) addKey(p.email, p);
    addKey(p.name, p);
  }
  const activityByName = new Map(activities.map((a) => [a.name.trim().toLowerCase(), a.id]));

  const errors = new RowErrors();
  const entries: TCatchupEntryParsed[] = [];
  for (const rec of data) {
    const cell = (c: string) => {
      const i = columns.indexOf(c);
      const v = i >= 0 ? (rec.fields[i] ?? '').trim() : '';
      return v === '' ? undefined : v;
    };
    if (rec.fields.length > columns.length && rec.fields.slice(columns.length).some((f) => f.trim() !== '')) {
      errors.add(rec.line, '', `This row has more fields than the header has columns. Check for a comma outside quotes.`);
      continue;
    }
    const kind = cell('kind')?.toLowerCase();
    const paperDateText = cell('paper_date');
    const paperDate = paperDateText ? toIsoDate(paperDateText) : undefined;
    if (paperDateText && !paperDate) errors.add(rec.line, 'paper_date', `"${paperDateText}" is not a date: write 2026-11-20 or 20/11/2026.`);
    let engineerId: string | undefined;
    const engineer = cell('engineer');
    if (engineer) {
      const found = byKey.get(engineer.toLowerCase()) ?? [];
      const unique = [...new Set(found)];
      if (unique.length === 1) engineerId = unique[0]!.id;
      else errors.add(rec.line, 'engineer', unique.length === 0 ? `Nobody called or signing in as "${engineer}".` : `${unique.length} people are called "${engineer}": use their sign-in name.`);
    }
    let activityTypeId: string | undefined;
    const activity = cell('activity');
    if (activity) {
      activityTypeId = activityByName.get(activity.toLowerCase());
      if (!activityTypeId) errors.add(rec.line, 'activity', `No activity type "${activity}". The activity types are: ${activities.map((a) => a.name).join(', ')}.`);
    }
    const clock = (c: string) => {
      const v = cell(c);
      return v === undefined ? undefined : toClock(v);
    };
    const raw =
      kind === 'note'
        ? { kind, paperDate, job: cell('job'), engineerId, time: clock('started') ?? clock('arrived'), text: cell('text') }
        : kind === 'visit'
          ? { kind, paperDate, job: cell('job'), engineerId, arrived: clock('arrived'), departed: clock('departed'), status: cell('status')?.toLowerCase(), reason: cell('reason') }
          : kind === 'time'
            ? { kind, paperDate, engineerId, activityTypeId, started: clock('started'), ended: clock('ended'), note: cell('text') }
            : undefined;
    if (!raw) {
      errors.add(rec.line, 'kind', kind ? `"${cell('kind')}" is not a kind of entry: write note, visit or time.` : 'Required: note, visit or time.');
      continue;
    }
    if (errors.has(rec.line)) continue;
    const parsed = ZCatchupEntry.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = COLUMN_OF[String(issue.path[0] ?? '')] ?? String(issue.path[0] ?? '');
        const key = String(issue.path[0] ?? '');
        const missing = issue.code === 'invalid_type' && (raw as Record<string, unknown>)[key] === undefined;
        errors.add(rec.line, column, missing ? 'Required for this kind of entry.' : issue.message);
      }
      continue;
    }
    entries.push(parsed.data);
  }
  if (errors.size > 0) {
    const list: TImportRowError[] = errors.list();
    throw new ImportRefused(`${list.length} of ${data.length} rows have errors; nothing was used. Correct them and choose the file again.`, list.slice(0, 500));
  }
  return entries;
}
