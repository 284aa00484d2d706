import PDFDocument from 'pdfkit';

/**
 * The drawing kit every pack PDF shares: A4, one type family (Helvetica: built into every PDF
 * reader, nothing to embed), a header with the company and the document's title, a footer with
 * page numbers, headings, labelled write-in lines, boxes for notes, tables and the warning panel.
 * Printed on an office mono laser, so nothing relies on colour alone: warnings are also framed,
 * bold and labelled in words.
 */

export type Doc = PDFKit.PDFDocument;

export const PAGE = { width: 595.28, height: 841.89, margin: 40 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
const FOOTER_SPACE = 34;
export const BOTTOM = PAGE.height - PAGE.margin - FOOTER_SPACE;

export const INK = '#111111';
export const MUTED = '#555555';
export const RULE = '#9a9a9a';
export const DANGER = '#b00020';
export const DANGER_TINT = '#fde8eb';
export const CAUTION_TINT = '#fff4d6';
export const SHADE = '#eeeeee';

const BOLD = 'Helvetica-Bold';
const REGULAR = 'Helvetica';

/** What a header and footer say: the company, this document, when the pack was made. */
export interface DocMeta {
  company: string;
  title: string;
  generated: string;
  /** Footer text when not "company · title" (a document whose pages have different titles). */
  footer?: string;
  /** A master form copied for customers and suppliers: the header names the company only, not the pack. */
  customerFacing?: boolean;
}

/**
 * Text in the standard PDF fonts' character set (Windows-1252). Anything outside it would print
 * as gibberish, so accents are stripped where that keeps the letter (ł → l) and the rest becomes "?".
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const NEAREST: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', ø: 'o', Ø: 'O', '−': '-', '‐': '-', '‑': '-', '\u00a0': ' ', '\t': '    ' };
export function printable(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (ch === '\r') continue;
    else if (NEAREST[ch]) out += NEAREST[ch];
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += base.length > 0 && [...base].every((c) => c.charCodeAt(0) < 0x7f) ? base : '?';
    }
  }
  return out;
}

export function newDoc(meta: DocMeta): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    info: { Title: printable(`${meta.title} — ${meta.company}`), Author: printable(meta.company), Creator: 'Fieldkeep', Subject: 'Fallback pack' },
  });
  doc.fillColor(INK).strokeColor(INK);
  pageHeader(doc, meta);
  return doc;
}

/** The band at the top of every page: company and pack on the left, the document title below. */
export function pageHeader(doc: Doc, meta: DocMeta): void {
  const top = PAGE.margin;
  doc.font(REGULAR).fontSize(9).fillColor(MUTED);
  if (!meta.customerFacing) {
    doc.text(printable(`${meta.company} · Fallback pack`), PAGE.margin, top, { width: CONTENT_WIDTH / 2, lineBreak: false });
    doc.text(printable(`Made ${meta.generated}`), PAGE.margin + CONTENT_WIDTH / 2, top, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false });
  }
  doc.font(BOLD).fontSize(18).fillColor(INK);
  doc.text(printable(meta.title), PAGE.margin, top + 14, { width: CONTENT_WIDTH });
  const y = doc.y + 4;
  doc.moveTo(PAGE.margin, y).lineTo(PAGE.width - PAGE.margin, y).lineWidth(1.5).strokeColor(INK).stroke();
  doc.lineWidth(1);
  doc.x = PAGE.margin;
  doc.y = y + 10;
}

/** A new page with the same header. */
export function nextPage(doc: Doc, meta: DocMeta): void {
  doc.addPage();
  pageHeader(doc, meta);
}

/** Starts a new page when less than `needed` points are left. */
export function ensureRoom(doc: Doc, meta: DocMeta, needed: number): void {
  if (doc.y + needed > BOTTOM) nextPage(doc, meta);
}

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
}

/** Footers on every page ("page 2 of 5"), then the PDF's bytes. */
export function finish(doc: Doc, meta: DocMeta): Promise<RenderedPdf> {
  const chunks: Buffer[] = [];
  const range = doc.bufferedPageRange();
  const done = new Promise<RenderedPdf>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve({ bytes: Buffer.concat(chunks), pages: range.count }));
    doc.on('error', reject);
  });
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - PAGE.margin - 12;
    // Writing below the bottom margin would add a page: lift the margin while drawing the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.moveTo(PAGE.margin, y - 6).lineTo(PAGE.width - PAGE.margin, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    doc.text(printable(meta.footer ?? `${meta.company} · ${meta.title}`), PAGE.margin, y, { width: CONTENT_WIDTH * 0.75, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.margin + CONTENT_WIDTH * 0.75, y, { width: CONTENT_WIDTH * 0.25, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

export function heading(doc: Doc, text: string, size = 13): void {
  doc.moveDown(0.4);
  doc.font(BOLD).fontSize(size).fillColor(INK).text(printable(text), PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
}

export function paragraph(doc: Doc, text: string, opts: { size?: number; bold?: boolean; color?: string; x?: number; width?: number } = {}): void {
  doc
    .font(opts.bold ? BOLD : REGULAR)
    .fontSize(opts.size ?? 10.5)
    .fillColor(opts.color ?? INK)
    .text(printable(text), opts.x ?? PAGE.margin, doc.y, { width: opts.width ?? CONTENT_WIDTH, lineGap: 1.5 });
}

/** "Label: value" pairs in two columns where they fit. */
export function facts(doc: Doc, rows: Array<[string, string | null | undefined]>, opts: { labelWidth?: number; x?: number; width?: number } = {}): void {
  const x = opts.x ?? PAGE.margin;
  const width = opts.width ?? CONTENT_WIDTH;
  const lw = opts.labelWidth ?? 92;
  for (const [label, value] of rows) {
    if (!value) continue;
    const y = doc.y;
    doc.font(BOLD).fontSize(10).fillColor(MUTED).text(printable(label), x, y, { width: lw - 6 });
    doc.font(REGULAR).fontSize(10.5).fillColor(INK).text(printable(value), x + lw, y, { width: width - lw, lineGap: 1 });
    doc.y = Math.max(doc.y, y + 13) + 2;
  }
  doc.x = PAGE.margin;
}

/** A labelled line to write on: "Arrived ______". Several fit on one row. */
export function writeIns(doc: Doc, labels: string[], opts: { height?: number } = {}): void {
  const height = opts.height ?? 26;
  const y = doc.y + 6;
  const w = CONTENT_WIDTH / labels.length;
  labels.forEach((label, i) => {
    const x = PAGE.margin + i * w;
    doc.font(BOLD).fontSize(9.5).fillColor(INK).text(printable(label), x, y, { width: w - 12, lineBreak: false });
    const lineY = y + height - 4;
    doc.moveTo(x, lineY).lineTo(x + w - 12, lineY).lineWidth(0.8).strokeColor(INK).stroke();
  });
  doc.y = y + height + 4;
  doc.x = PAGE.margin;
}

/** A framed box with faint ruled lines to write in (notes, work done, signature). */
export function writeBox(doc: Doc, label: string, height: number, opts: { ruled?: boolean; x?: number; width?: number; hint?: string } = {}): void {
  const x = opts.x ?? PAGE.margin;
  const width = opts.width ?? CONTENT_WIDTH;
  const top = doc.y + 4;
  doc.font(BOLD).fontSize(9.5).fillColor(INK).text(printable(label), x + 6, top + 5, { width: width - 12, lineBreak: false });
  if (opts.hint) {
    const lw = doc.widthOfString(printable(label)) + 10;
    doc.font(REGULAR).fontSize(8.5).fillColor(MUTED).text(printable(opts.hint), x + 6 + lw, top + 5.5, { width: width - 18 - lw, lineBreak: false });
  }
  if (opts.ruled !== false) {
    for (let ly = top + 36; ly < top + height - 6; ly += 22) doc.moveTo(x + 6, ly).lineTo(x + width - 6, ly).lineWidth(0.4).strokeColor(RULE).stroke();
  }
  doc.rect(x, top, width, height).lineWidth(1).strokeColor(INK).stroke();
  doc.y = top + height + 6;
  doc.x = PAGE.margin;
}

/**
 * The site-warnings panel: impossible to miss on paper. A solid band that says what it is in
 * words, then each warning in bold with its type in capitals. None → a plain line saying so.
 */
export function warningPanel(doc: Doc, warnings: ReadonlyArray<{ typeName: string; text: string; severity: string; validUntil?: string | null }>): void {
  const x = PAGE.margin;
  if (warnings.length === 0) {
    doc.font(REGULAR).fontSize(10).fillColor(MUTED).text('No site warnings on record. Still check on arrival.', x, doc.y + 4, { width: CONTENT_WIDTH });
    doc.moveDown(0.4);
    return;
  }
  const top = doc.y + 4;
  const band = 22;
  const label = warnings.length === 1 ? 'SITE WARNING — READ BEFORE YOU GO IN' : `${warnings.length} SITE WARNINGS — READ BEFORE YOU GO IN`;
  const inner = CONTENT_WIDTH - 24;
  const bodies = warnings.map((w) => {
    const title = `${w.severity === 'danger' ? 'DANGER' : w.severity === 'caution' ? 'CAUTION' : 'NOTE'}: ${w.typeName.toUpperCase()}`;
    const text = `${w.text}${w.validUntil ? ` (until ${w.validUntil})` : ''}`;
    doc.font(BOLD).fontSize(12);
    const th = doc.heightOfString(printable(title), { width: inner });
    doc.font(BOLD).fontSize(10.5);
    const bh = w.text ? doc.heightOfString(printable(text), { width: inner, lineGap: 1 }) : 0;
    return { title, text: w.text ? text : '', height: th + bh + 8 };
  });
  const height = band + bodies.reduce((s, b) => s + b.height, 0) + 10;
  doc.rect(x, top, CONTENT_WIDTH, height).fill(DANGER_TINT);
  doc.rect(x, top, CONTENT_WIDTH, band).fill(DANGER);
  doc.font(BOLD).fontSize(12).fillColor('#ffffff').text(label, x + 12, top + 6, { width: inner, lineBreak: false });
  let y = top + band + 6;
  for (const b of bodies) {
    doc.font(BOLD).fontSize(12).fillColor(DANGER).text(printable(b.title), x + 12, y, { width: inner });
    if (b.text) doc.font(BOLD).fontSize(10.5).fillColor(INK).text(printable(b.text), x + 12, doc.y + 1, { width: inner, lineGap: 1 });
    y += b.height;
  }
  doc.rect(x, top, CONTENT_WIDTH, height).lineWidth(3).strokeColor(DANGER).stroke();
  doc.lineWidth(1);
  doc.y = top + height + 8;
  doc.x = PAGE.margin;
}

export interface Column {
  header: string;
  width: number;
  bold?: boolean;
}

/**
 * A table that continues over pages, repeating its header. `rows` are already strings; a row may
 * be marked `strong` (printed bold, with a shaded band) — e.g. an urgent job.
 */
export function table(doc: Doc, meta: DocMeta, columns: Column[], rows: Array<{ cells: string[]; strong?: boolean }>, opts: { size?: number } = {}): void {
  const size = opts.size ?? 9;
  const total = columns.reduce((s, c) => s + c.width, 0);
  const scale = CONTENT_WIDTH / total;
  const widths = columns.map((c) => c.width * scale);
  const pad = 4;
  const drawHeader = () => {
    const y = doc.y;
    doc.font(BOLD).fontSize(size);
    const h = Math.max(...columns.map((c, i) => doc.heightOfString(printable(c.header), { width: widths[i]! - 2 * pad }))) + 2 * pad;
    doc.rect(PAGE.margin, y, CONTENT_WIDTH, h).fill(INK);
    let x = PAGE.margin;
    columns.forEach((c, i) => {
      doc.fillColor('#ffffff').text(printable(c.header), x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  ensureRoom(doc, meta, 60);
  drawHeader();
  rows.forEach((row, r) => {
    const cells = row.cells.map(printable);
    const fontOf = (i: number) => (row.strong || columns[i]!.bold ? BOLD : REGULAR);
    const h = Math.max(...cells.map((c, i) => doc.font(fontOf(i)).fontSize(size).heightOfString(c || ' ', { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + h > BOTTOM) {
      nextPage(doc, meta);
      drawHeader();
    }
    const y = doc.y;
    if (row.strong) doc.rect(PAGE.margin, y, CONTENT_WIDTH, h).fill(CAUTION_TINT);
    else if (r % 2 === 1) doc.rect(PAGE.margin, y, CONTENT_WIDTH, h).fill('#f6f6f6');
    let x = PAGE.margin;
    cells.forEach((c, i) => {
      doc.font(fontOf(i)).fontSize(size).fillColor(INK).text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc.moveTo(PAGE.margin, y + h).lineTo(PAGE.margin + CONTENT_WIDTH, y + h).lineWidth(0.4).strokeColor(RULE).stroke();
    doc.y = y + h;
  });
  doc.x = PAGE.margin;
  doc.moveDown(0.5);
}

/** A blank grid to fill in by hand (picking list, purchase order lines…): header row, then empty rows. */
export function blankGrid(doc: Doc, columns: Column[], rows: number, rowHeight = 24): void {
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => (c.width * CONTENT_WIDTH) / total);
  const top = doc.y + 4;
  const headerH = 20;
  doc.rect(PAGE.margin, top, CONTENT_WIDTH, headerH).fill(SHADE);
  let x = PAGE.margin;
  columns.forEach((c, i) => {
    doc.font(BOLD).fontSize(9).fillColor(INK).text(printable(c.header), x + 4, top + 6, { width: widths[i]! - 8, lineBreak: false });
    x += widths[i]!;
  });
  const height = headerH + rows * rowHeight;
  for (let r = 1; r <= rows; r++) {
    const y = top + headerH + r * rowHeight;
    doc.moveTo(PAGE.margin, y).lineTo(PAGE.margin + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor(RULE).stroke();
  }
  x = PAGE.margin;
  for (const w of widths.slice(0, -1)) {
    x += w;
    doc.moveTo(x, top).lineTo(x, top + height).lineWidth(0.5).strokeColor(RULE).stroke();
  }
  doc.rect(PAGE.margin, top, CONTENT_WIDTH, height).lineWidth(1).strokeColor(INK).stroke();
  doc.y = top + height + 8;
  doc.x = PAGE.margin;
}

/** "Outcome (tick one)" with a box per outcome. */
export function outcomeTicks(doc: Doc): void {
  const y = doc.y + 4;
  doc.font(BOLD).fontSize(9.5).fillColor(INK).text('Outcome (tick one)', PAGE.margin, y, { lineBreak: false });
  const options = ['Completed', 'Follow-on needed', 'No access (card left)', 'Aborted (say why above)'];
  let x = PAGE.margin + 96;
  for (const o of options) {
    doc.rect(x, y - 1, 11, 11).lineWidth(1).strokeColor(INK).stroke();
    doc.font(REGULAR).fontSize(9.5).text(o, x + 15, y, { lineBreak: false });
    x += 15 + doc.widthOfString(o) + 12;
  }
  doc.y = y + 18;
  doc.x = PAGE.margin;
}

/** Customer and engineer signature boxes side by side, then the customer's name and the date. */
export function signatureBoxes(doc: Doc): void {
  const top = doc.y + 2;
  const half = (CONTENT_WIDTH - 12) / 2;
  doc.y = top;
  writeBox(doc, 'Customer signature', 62, { ruled: false, width: half, hint: 'work done as described' });
  const after = doc.y;
  doc.y = top;
  writeBox(doc, 'Engineer signature', 62, { ruled: false, width: half, x: PAGE.margin + half + 12 });
  doc.y = after;
  writeIns(doc, ['Customer name (capitals)', 'Date'], { height: 22 });
}
