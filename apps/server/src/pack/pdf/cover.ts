import {
  CONTENT_WIDTH,
  DANGER,
  ensureRoom,
  finish,
  heading,
  INK,
  MUTED,
  newDoc,
  PAGE,
  paragraph,
  printable,
  SHADE,
  table,
  type DocMeta,
  type RenderedPdf,
} from './document.js';
import { dayOf } from './format.js';

/** The pack's first page (what is inside), the customer script and the "system back up" checklist. */

export interface IndexEntry {
  file: string;
  what: string;
  pages: number;
}

export interface IndexContext {
  company: string;
  generated: string;
  timeZone: string;
  days: string[];
  entries: IndexEntry[];
  engineersWithoutVisits: string[];
  counts: { jobSheets: number; outstanding: number; urgent: number; clients: number; sites: number; suppliers: number };
}

export function indexPdf(c: IndexContext): Promise<RenderedPdf> {
  const meta: DocMeta = { company: c.company, title: 'Fallback pack — what is inside', generated: c.generated };
  const doc = newDoc(meta);
  doc.font('Helvetica-Bold').fontSize(22).fillColor(INK).text(printable(c.company), PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  paragraph(doc, `Made ${c.generated} (${c.timeZone}). Anything booked or changed after that is not in this pack.`, { size: 11 });
  paragraph(doc, `Job sheets for ${c.days.map((d) => dayOf(d)).join(' and ')}.`, { size: 11, bold: true });
  doc.moveDown(0.5);

  // How to use it, in a shaded box.
  const steps = [
    'Use this pack when Fieldkeep cannot be reached for 30 minutes or more. If you have an office replica, try it first: it shows the latest copy of everything.',
    'Read the customer script to whoever answers the phone. Give out numbers from the manual register only.',
    `Engineers: ${c.counts.jobSheets} job sheets, grouped by engineer and day. Their phones keep working offline too; the paper is the fall-back for the office and for a phone that fails.`,
    `Check the outstanding jobs list (${c.counts.outstanding} open, ${c.counts.urgent} urgent) for anything that cannot wait.`,
    'Tell suppliers their orders and delivery paperwork will be on paper for now.',
    'When the system is back, work through the "system back up" checklist.',
  ];
  const top = doc.y;
  doc.font('Helvetica').fontSize(10);
  const textHeight = steps.reduce((s, t) => s + doc.heightOfString(printable(t), { width: CONTENT_WIDTH - 40, lineGap: 1.5 }) + 4, 0);
  doc.rect(PAGE.margin, top, CONTENT_WIDTH, textHeight + 34).fill(SHADE);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('On the day', PAGE.margin + 12, top + 10);
  let y = top + 28;
  steps.forEach((t, i) => {
    doc.font('Helvetica-Bold').fontSize(10).text(`${i + 1}.`, PAGE.margin + 12, y, { width: 18 });
    doc.font('Helvetica').fontSize(10).text(printable(t), PAGE.margin + 30, y, { width: CONTENT_WIDTH - 40, lineGap: 1.5 });
    y = doc.y + 4;
  });
  doc.y = top + textHeight + 44;

  ensureRoom(doc, meta, 90);
  heading(doc, 'Not in this pack');
  const py = doc.y;
  doc.rect(PAGE.margin, py, 4, 40).fill(DANGER);
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text('Price list / schedule of rates: not included.', PAGE.margin + 12, py, { width: CONTENT_WIDTH - 12 });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text('Fieldkeep does not hold a price list yet. Keep your current printed price list or schedule of rates with this pack, and replace it at every change.', { width: CONTENT_WIDTH - 12 });
  doc.y = Math.max(doc.y, py + 40) + 6;
  doc.x = PAGE.margin;
  heading(doc, 'In this pack');
  table(
    doc,
    meta,
    [
      { header: 'File', width: 200, bold: true },
      { header: 'What it is', width: 260 },
      { header: 'Pages', width: 45 },
    ],
    foldCsv(c.entries).map((e) => ({ cells: [e.file, e.what, String(e.pages)] })),
    { size: 8.5 },
  );

  if (c.engineersWithoutVisits.length) {
    paragraph(doc, `No visits booked (so no job sheets): ${c.engineersWithoutVisits.join(', ')}.`, { size: 10, color: MUTED });
  }
  return finish(doc, meta);
}

/** "contacts/clients.pdf" and its ".csv" twin make one line. */
function foldCsv(entries: IndexEntry[]): IndexEntry[] {
  const files = new Set(entries.map((e) => e.file));
  return entries
    .filter((e) => !(e.file.endsWith('.csv') && files.has(e.file.replace(/\.csv$/, '.pdf'))))
    .map((e) => (files.has(e.file.replace(/\.pdf$/, '.csv')) ? { ...e, file: `${e.file} (+ .csv)` } : e));
}

const fillCompany = (text: string, company: string) => text.replaceAll('{company}', company);

/** The customer script: large type, to read out on the phone. "- " lines print as bullets. */
export function scriptPdf(c: { company: string; generated: string; text: string }): Promise<RenderedPdf> {
  const meta: DocMeta = { company: c.company, title: 'Customer script — while our systems are down', generated: c.generated };
  const doc = newDoc(meta);
  for (const raw of fillCompany(c.text, c.company).split('\n')) {
    const line = raw.trimEnd();
    ensureRoom(doc, meta, 30);
    if (line === '') doc.moveDown(0.5);
    else if (line.startsWith('- ')) {
      const y = doc.y;
      doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('•', PAGE.margin + 8, y);
      doc.font('Helvetica').fontSize(12).text(printable(line.slice(2)), PAGE.margin + 24, y, { width: CONTENT_WIDTH - 24, lineGap: 2 });
    } else if (/^".*"$/.test(line) || line.startsWith('"')) {
      doc.font('Helvetica-Bold').fontSize(12.5).fillColor(INK).text(printable(line), PAGE.margin, doc.y, { width: CONTENT_WIDTH, lineGap: 2 });
    } else paragraph(doc, line, { size: 12 });
  }
  return finish(doc, meta);
}

/** The "system back up" checklist: "- " lines get a tick box and an initials line; "Heading:" lines are headings. */
export function checklistPdf(c: { company: string; generated: string; text: string }): Promise<RenderedPdf> {
  const meta: DocMeta = { company: c.company, title: 'System back up — checklist', generated: c.generated };
  const doc = newDoc(meta);
  paragraph(doc, 'Work through this once Fieldkeep is working again. Tick each line and initial it.', { size: 10, color: MUTED });
  doc.moveDown(0.3);
  for (const raw of fillCompany(c.text, c.company).split('\n')) {
    const line = raw.trimEnd();
    if (line === '') {
      doc.moveDown(0.4);
      continue;
    }
    if (line.startsWith('- ')) {
      const text = printable(line.slice(2));
      doc.font('Helvetica').fontSize(11);
      const h = doc.heightOfString(text, { width: CONTENT_WIDTH - 110, lineGap: 1.5 });
      ensureRoom(doc, meta, h + 10);
      const y = doc.y + 4;
      doc.rect(PAGE.margin, y, 12, 12).lineWidth(1.2).strokeColor(INK).stroke();
      doc.font('Helvetica').fontSize(11).fillColor(INK).text(text, PAGE.margin + 22, y, { width: CONTENT_WIDTH - 110, lineGap: 1.5 });
      // The initials line sits level with the item's last line.
      const lineY = y + Math.max(12, h - 1);
      doc.moveTo(PAGE.margin + CONTENT_WIDTH - 70, lineY).lineTo(PAGE.margin + CONTENT_WIDTH, lineY).lineWidth(0.6).strokeColor(MUTED).stroke();
      doc.font('Helvetica').fontSize(7).fillColor(MUTED).text('initials', PAGE.margin + CONTENT_WIDTH - 70, lineY + 2, { lineBreak: false });
      doc.y = lineY + 12;
      doc.x = PAGE.margin;
    } else if (line.endsWith(':')) {
      ensureRoom(doc, meta, 50);
      heading(doc, line.slice(0, -1), 13);
    } else paragraph(doc, line, { size: 11 });
  }
  return finish(doc, meta);
}
