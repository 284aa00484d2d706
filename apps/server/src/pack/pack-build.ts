import { zipSync, type ZipOptions } from 'fflate';
import { jobReference, localDate } from '@fieldkeep/domain';
import { clientsCsv, outstandingCsv, sitesCsv, suppliersCsv } from './pack-csv.js';
import type { PackData } from './pack-data.js';
import type { TPackSummary } from './pack.schemas.js';
import { BLANK_TITLES, blankPdf, type BlankKind } from './pdf/blank-forms.js';
import { checklistPdf, indexPdf, scriptPdf, type IndexEntry } from './pdf/cover.js';
import type { RenderedPdf } from './pdf/document.js';
import { dateTimeOf, dayOf, slug, timeOf } from './pdf/format.js';
import { engineerDayPdf } from './pdf/job-sheets.js';
import { orgsPdf, outstandingPdf, sitesPdf } from './pdf/lists.js';

export interface BuiltPack {
  /** The zip's bytes. */
  zip: Buffer;
  /** e.g. fallback-pack-demo-2026-11-23-0900.zip */
  fileName: string;
  /** Paths inside the zip (under one folder named like the zip), in the order the index lists them. */
  files: string[];
  summary: TPackSummary;
}

export type BuildProgress = (e: { done: number; total: number; file: string }) => void;

const BLANKS: Array<{ kind: BlankKind; file: string; what: string }> = [
  { kind: 'manual-register', file: '01-manual-register.pdf', what: 'Numbers given out on paper, in order; job numbers pre-printed from the next one' },
  { kind: 'job-sheet', file: 'job-sheet.pdf', what: 'Blank job sheet, for work taken on by phone' },
  { kind: 'quote', file: 'quote.pdf', what: 'Blank quote' },
  { kind: 'invoice', file: 'invoice.pdf', what: 'Blank invoice' },
  { kind: 'purchase-order', file: 'purchase-order.pdf', what: 'Blank purchase order' },
  { kind: 'picking-list', file: 'picking-list.pdf', what: 'Blank picking list (stores / van stock)' },
  { kind: 'delivery-docket', file: 'delivery-docket.pdf', what: 'Blank delivery docket' },
  { kind: 'non-productive-time', file: 'non-productive-time-log.pdf', what: 'Weekly log of time away from jobs, per engineer' },
];

/** Lets the event loop answer other requests between two documents (rendering is CPU work). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Renders every document of a pack and zips them. Pure: needs only the data (so the CLI can make a
 * pack from a replica's or a restored backup's database, and tests can read it back). The work is
 * split per document with a pause between, so a request arriving meanwhile waits one document at
 * most, never the whole pack.
 */
export async function buildPack(d: PackData, onProgress?: BuildProgress): Promise<BuiltPack> {
  const tz = d.tenant.timeZone;
  const company = d.tenant.name;
  const generated = dateTimeOf(d.generatedAt, tz);
  const common = { company, generated };
  const stamp = `${localDate(d.generatedAt, tz)}-${timeOf(d.generatedAt, tz).replace(':', '')}`;
  const folder = `fallback-pack-${slug(d.tenant.slug)}-${stamp}`;

  type Job = { file: string; what: string; make: () => Promise<RenderedPdf | string> };
  const jobs: Job[] = [
    { file: '01-customer-script.pdf', what: 'What to tell callers while the system is down', make: () => scriptPdf({ ...common, text: d.customerScript }) },
    { file: '02-system-back-up-checklist.pdf', what: 'What to do when the system is back', make: () => checklistPdf({ ...common, text: d.backUpChecklist }) },
    {
      file: '03-outstanding-jobs.pdf',
      what: 'Open jobs by due date, urgent ones marked',
      make: () => outstandingPdf({ ...common, timeZone: tz, firstDay: d.days[0]! }, d.outstanding),
    },
    { file: '03-outstanding-jobs.csv', what: 'The same, for a spreadsheet', make: async () => outstandingCsv(d) },
  ];
  const usedNames = new Set<string>();
  let jobSheets = 0;
  const withoutVisits = new Set(d.engineers.map((e) => e.name));
  for (const day of d.days) {
    for (const e of d.engineers) {
      const visits = e.days.find((x) => x.date === day)?.visits ?? [];
      if (visits.length === 0) continue;
      withoutVisits.delete(e.name);
      jobSheets += visits.length;
      let name = `job-sheets/${day}/${slug(e.name)}.pdf`;
      if (usedNames.has(name)) name = `job-sheets/${day}/${slug(e.name)}-${e.id.slice(-6)}.pdf`;
      usedNames.add(name);
      jobs.push({
        file: name,
        what: `${e.name}, ${dayOf(day, 'short')}: run sheet and ${visits.length} job sheet${visits.length === 1 ? '' : 's'}`,
        make: () => engineerDayPdf({ ...common, timeZone: tz, engineer: e.name, date: day, visits }),
      });
    }
  }
  jobs.push(
    { file: 'contacts/clients.pdf', what: `Clients and their contacts (${d.clients.length})`, make: () => orgsPdf(common, 'clients', d.clients) },
    { file: 'contacts/clients.csv', what: 'The same, for a spreadsheet', make: async () => clientsCsv(d) },
    { file: 'contacts/sites.pdf', what: `Sites: addresses, occupants, access, warnings (${d.sites.length})`, make: () => sitesPdf(common, d.sites) },
    { file: 'contacts/sites.csv', what: 'The same, for a spreadsheet', make: async () => sitesCsv(d) },
    { file: 'contacts/suppliers.pdf', what: `Suppliers and their contacts (${d.suppliers.length})`, make: () => orgsPdf(common, 'suppliers', d.suppliers) },
    { file: 'contacts/suppliers.csv', what: 'The same, for a spreadsheet', make: async () => suppliersCsv(d) },
  );
  const blankContext = {
    ...common,
    nextJobNumber: d.nextJobNumber,
    nextJobReference: jobReference(d.nextJobNumber),
    dateStamp: d.days[0]!.replace(/-/g, ''),
    activityTypes: d.activityTypes,
  };
  for (const b of BLANKS) jobs.push({ file: `blank-forms/${b.file}`, what: b.what || BLANK_TITLES[b.kind], make: () => blankPdf(b.kind, blankContext) });

  const total = jobs.length + 1;
  const files: Record<string, [Uint8Array, ZipOptions]> = {};
  const entries: IndexEntry[] = [];
  const mtime = new Date(d.generatedAt);
  const add = (file: string, content: RenderedPdf | string) => {
    const isPdf = typeof content !== 'string';
    // PDFs are compressed inside already: stored as they are. CSVs deflate well.
    files[`${folder}/${file}`] = [isPdf ? new Uint8Array(content.bytes) : new TextEncoder().encode(content), { level: isPdf ? 0 : 6, mtime }];
    return isPdf ? content.pages : 0;
  };
  for (const [i, job] of jobs.entries()) {
    const content = await job.make();
    const pages = add(job.file, content);
    entries.push({ file: job.file, what: job.what, pages });
    onProgress?.({ done: i + 1, total, file: job.file });
    await breathe();
  }
  const urgent = d.outstanding.filter((j) => j.urgent).length;
  const index = await indexPdf({
    ...common,
    timeZone: tz,
    days: d.days,
    entries,
    engineersWithoutVisits: [...withoutVisits],
    counts: { jobSheets, outstanding: d.outstanding.length, urgent, clients: d.clients.length, sites: d.sites.length, suppliers: d.suppliers.length },
  });
  add('00-read-me-first.pdf', index);
  onProgress?.({ done: total, total, file: '00-read-me-first.pdf' });

  const ordered = ['00-read-me-first.pdf', ...jobs.map((j) => j.file)];
  const sorted: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const f of ordered) sorted[`${folder}/${f}`] = files[`${folder}/${f}`]!;
  const zip = Buffer.from(zipSync(sorted));
  return {
    zip,
    fileName: `${folder}.zip`,
    files: ordered.map((f) => `${folder}/${f}`),
    summary: {
      days: d.days,
      jobSheets,
      engineers: d.engineers.length - withoutVisits.size,
      outstandingJobs: d.outstanding.length,
      urgentJobs: urgent,
      clients: d.clients.length,
      sites: d.sites.length,
      suppliers: d.suppliers.length,
      files: ordered.length,
    },
  };
}
