import {
  blankGrid,
  CONTENT_WIDTH,
  finish,
  INK,
  MUTED,
  newDoc,
  outcomeTicks,
  signatureBoxes,
  PAGE,
  paragraph,
  printable,
  writeBox,
  writeIns,
  type Column,
  type Doc,
  type DocMeta,
  type RenderedPdf,
} from './document.js';

/**
 * Blank master documents to photocopy and fill in by hand while the system is down. Each carries
 * the company's name and says where its number comes from, so the paper can be entered later.
 */

export interface BlankContext {
  company: string;
  generated: string;
  /** "J-000124": the next number Fieldkeep will give a job. */
  nextJobReference: string;
  nextJobNumber: number;
  /** YYYYMMDD of the pack's first day, for example numbers ("Q-20261123-01"). */
  dateStamp: string;
  activityTypes: string[];
}

export type BlankKind = 'job-sheet' | 'quote' | 'invoice' | 'purchase-order' | 'picking-list' | 'delivery-docket' | 'non-productive-time' | 'manual-register';

export const BLANK_TITLES: Record<BlankKind, string> = {
  'manual-register': 'Manual register of numbers',
  'job-sheet': 'Job sheet',
  quote: 'Quote',
  invoice: 'Invoice',
  'purchase-order': 'Purchase order',
  'picking-list': 'Picking list',
  'delivery-docket': 'Delivery docket',
  'non-productive-time': 'Non-productive time log',
};

const LINE_ITEMS: Column[] = [
  { header: 'Description', width: 300 },
  { header: 'Qty', width: 50 },
  { header: 'Unit price', width: 80 },
  { header: 'Amount', width: 85 },
];

/** "Quote no. ________   (hint)" — the number's box and where to get it. */
function numberRow(doc: Doc, label: string, hint: string): void {
  const y = doc.y + 2;
  doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text(printable(label), PAGE.margin, y, { lineBreak: false });
  const x = PAGE.margin + doc.widthOfString(printable(label)) + 8;
  doc.rect(x, y - 4, 130, 22).lineWidth(1.2).strokeColor(INK).stroke();
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(printable(hint), x + 140, y - 3, { width: PAGE.margin + CONTENT_WIDTH - x - 140 });
  doc.y = Math.max(doc.y, y + 22) + 6;
  doc.x = PAGE.margin;
}

function totals(doc: Doc): void {
  const w = 200;
  const x = PAGE.margin + CONTENT_WIDTH - w;
  for (const label of ['Subtotal', 'VAT', 'Total']) {
    const y = doc.y;
    doc.font(label === 'Total' ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).fillColor(INK).text(label, x, y + 6, { width: 80 });
    doc.rect(x + 85, y, w - 85, 22).lineWidth(label === 'Total' ? 1.5 : 0.8).strokeColor(INK).stroke();
    doc.y = y + 26;
  }
  doc.x = PAGE.margin;
}

const fill = (doc: Doc, meta: DocMeta, kind: BlankKind, c: BlankContext): void => {
  const example = (prefix: string) => `${prefix}-${c.dateStamp}-01`;
  const noSystemNumbers = (what: string, prefix: string) =>
    `Fieldkeep does not number ${what} yet: take the next one from the manual register, e.g. ${example(prefix)}, ${example(prefix).replace(/01$/, '02')}…`;
  switch (kind) {
    case 'manual-register': {
      paragraph(
        doc,
        `Every number given out on paper while the system is down, in order. Jobs: carry on from Fieldkeep's next number (${c.nextJobReference}) and raise them in this order when the system is back, so the numbers match; write the system's number beside each. Other documents: prefix and date, e.g. ${example('Q')}.`,
        { size: 10 },
      );
      doc.moveDown(0.4);
      blankGrid(
        doc,
        [
          { header: 'Number', width: 80 },
          { header: 'Date', width: 55 },
          { header: 'Customer / site', width: 170 },
          { header: 'Taken by', width: 70 },
          { header: 'System no. (later)', width: 100 },
        ],
        22,
        25,
      );
      // Pre-printed job numbers down the first column.
      return;
    }
    case 'job-sheet':
      numberRow(doc, 'Job no.', `Next in Fieldkeep: ${c.nextJobReference} — write it in the manual register and carry on from there.`);
      writeIns(doc, ['Date', 'Engineer(s)', 'Priority']);
      writeIns(doc, ['Site / address', 'Postcode']);
      writeIns(doc, ['Contact name', 'Contact phone']);
      writeBox(doc, 'Site warnings', 50, { hint: 'ask the office: attend in pairs, vulnerable occupant, animals, asbestos…' });
      writeBox(doc, 'Work requested', 56);
      writeIns(doc, ['Arrived (time)', 'Departed (time)', 'Mileage / travel']);
      writeBox(doc, 'Work done and notes', 124);
      writeBox(doc, 'Materials used', 50);
      outcomeTicks(doc);
      signatureBoxes(doc);
      return;
    case 'quote':
      numberRow(doc, 'Quote no.', noSystemNumbers('quotes', 'Q'));
      writeIns(doc, ['Date', 'Valid until', 'Prepared by']);
      writeIns(doc, ['Customer name', 'Phone', 'Email']);
      writeIns(doc, ['Customer address']);
      writeIns(doc, ['Site address (if different)', 'Job no. (if any)']);
      writeBox(doc, 'Scope of work', 80);
      blankGrid(doc, LINE_ITEMS, 9);
      totals(doc);
      writeIns(doc, ['Accepted by (customer signature)', 'Name', 'Date']);
      return;
    case 'invoice':
      numberRow(doc, 'Invoice no.', noSystemNumbers('invoices', 'INV'));
      writeIns(doc, ['Invoice date', 'Job no.', 'Your order ref.']);
      writeIns(doc, ['Bill to (name)', 'Phone / email']);
      writeIns(doc, ['Billing address']);
      writeIns(doc, ['Site address', 'Date(s) of work']);
      blankGrid(doc, LINE_ITEMS, 10);
      totals(doc);
      writeBox(doc, 'Payment terms and details', 54, { ruled: false, hint: 'e.g. 30 days; bank details as on your usual invoice' });
      return;
    case 'purchase-order':
      numberRow(doc, 'PO no.', noSystemNumbers('purchase orders', 'PO'));
      writeIns(doc, ['Date', 'Ordered by', 'Job no.']);
      writeIns(doc, ['Supplier', 'Supplier phone', 'Supplier contact']);
      writeIns(doc, ['Deliver to / collect from', 'Required by (date, time)']);
      blankGrid(
        doc,
        [
          { header: 'Item code', width: 80 },
          { header: 'Description', width: 230 },
          { header: 'Qty', width: 45 },
          { header: 'Unit price', width: 75 },
          { header: 'Total', width: 75 },
        ],
        12,
      );
      totals(doc);
      writeIns(doc, ['Supplier confirmation / ref.', 'Authorised by (signature)']);
      return;
    case 'picking-list':
      numberRow(doc, 'Picking list no.', noSystemNumbers('picking lists', 'PL'));
      writeIns(doc, ['Date', 'Job no.', 'Engineer / van']);
      writeIns(doc, ['Site / deliver to', 'Needed by']);
      blankGrid(
        doc,
        [
          { header: 'Item code', width: 80 },
          { header: 'Description', width: 200 },
          { header: 'Bin / location', width: 80 },
          { header: 'Qty wanted', width: 55 },
          { header: 'Qty picked', width: 55 },
          { header: 'Done', width: 35 },
        ],
        16,
      );
      writeIns(doc, ['Picked by', 'Checked by', 'Time']);
      return;
    case 'delivery-docket':
      numberRow(doc, 'Docket no.', noSystemNumbers('delivery dockets', 'DD'));
      writeIns(doc, ['Date', 'PO no.', 'Job no.']);
      writeIns(doc, ['From (supplier / stores)', 'Delivered by']);
      writeIns(doc, ['Delivered to (site / address)']);
      blankGrid(
        doc,
        [
          { header: 'Description', width: 250 },
          { header: 'Qty ordered', width: 70 },
          { header: 'Qty delivered', width: 70 },
          { header: 'Condition / notes', width: 125 },
        ],
        12,
      );
      writeBox(doc, 'Shortages, damage or returns', 60);
      writeIns(doc, ['Received by (name)', 'Signature', 'Time']);
      return;
    case 'non-productive-time':
      numberRow(doc, 'Engineer', 'One sheet per engineer per week: time away from jobs (travel to a merchant, training, sickness…).');
      writeIns(doc, ['Week beginning (Monday)', 'Van / vehicle']);
      if (c.activityTypes.length) paragraph(doc, `Activities: ${c.activityTypes.join(' · ')}`, { size: 9, color: MUTED });
      blankGrid(
        doc,
        [
          { header: 'Date', width: 60 },
          { header: 'Activity', width: 150 },
          { header: 'Start', width: 50 },
          { header: 'End', width: 50 },
          { header: 'Hours', width: 45 },
          { header: 'Note (where, why)', width: 160 },
        ],
        18,
      );
      writeIns(doc, ['Engineer signature', 'Checked by (office)']);
      return;
  }
};

export async function blankPdf(kind: BlankKind, c: BlankContext): Promise<RenderedPdf> {
  const customerFacing = kind !== 'manual-register' && kind !== 'non-productive-time';
  const meta: DocMeta = { company: c.company, title: BLANK_TITLES[kind], generated: c.generated, customerFacing, footer: `${c.company} · ${BLANK_TITLES[kind]}` };
  const doc = newDoc(meta);
  doc.font('Helvetica-Bold').fontSize(15).fillColor(INK).text(printable(c.company), PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3);
  fill(doc, meta, kind, c);
  if (kind === 'manual-register') preprintJobNumbers(doc, c);
  else {
    doc.moveDown(0.6);
    paragraph(doc, 'Paper copy made while the system was unavailable. Enter it into Fieldkeep when the system is back, then file it.', { size: 8, color: MUTED });
  }
  return finish(doc, meta);
}

/** The register's first rows carry the next job numbers, so nobody has to work them out. */
function preprintJobNumbers(doc: Doc, c: BlankContext): void {
  // blankGrid drew 22 rows of 25 pt under a 20 pt header, ending 8 pt above doc.y.
  const gridTop = doc.y - 8 - (20 + 22 * 25);
  doc.font('Helvetica').fontSize(10).fillColor(INK);
  for (let r = 0; r < 12; r++) {
    const n = c.nextJobNumber + r;
    doc.text(`J-${String(n).padStart(6, '0')}`, PAGE.margin + 4, gridTop + 20 + r * 25 + 8, { lineBreak: false });
  }
  doc.y = gridTop + 20 + 22 * 25 + 8;
  doc.x = PAGE.margin;
  paragraph(doc, 'First 12 rows: job numbers (pre-printed). Further rows: any document number (Q-, INV-, PO-, PL-, DD-).', { size: 8.5, color: MUTED });
}
