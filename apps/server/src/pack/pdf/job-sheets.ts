import type { PackVisit } from '../pack-data.js';
import {
  BOTTOM,
  CONTENT_WIDTH,
  DANGER,
  INK,
  MUTED,
  PAGE,
  ensureRoom,
  facts,
  finish,
  heading,
  newDoc,
  nextPage,
  paragraph,
  printable,
  table,
  warningPanel,
  outcomeTicks,
  signatureBoxes,
  writeBox,
  writeIns,
  type Doc,
  type DocMeta,
  type RenderedPdf,
} from './document.js';
import { dayOf, jobTypeWords, PRIORITY_WORDS, timeOf } from './format.js';

export interface EngineerDay {
  company: string;
  generated: string;
  timeZone: string;
  engineer: string;
  date: string;
  visits: PackVisit[];
}

/**
 * One engineer's day on paper: a run sheet listing the visits in order (with a warning flag on
 * each), then a job sheet per visit — site and access, the site's warnings first and unmissable,
 * who to call, the job, and room to write the work done, times, materials and the customer's
 * signature.
 */
export async function engineerDayPdf(d: EngineerDay): Promise<RenderedPdf> {
  const meta: DocMeta = { company: d.company, title: `Run sheet — ${d.engineer}, ${dayOf(d.date, 'short')}`, footer: `Job sheets — ${d.engineer}, ${dayOf(d.date, 'short')}`, generated: d.generated };
  const doc = newDoc(meta);
  paragraph(doc, `${dayOf(d.date)} · ${d.visits.length} visit${d.visits.length === 1 ? '' : 's'}. A job sheet for each visit follows: fill it in on site and hand it to the office when the system is back.`, { size: 11 });
  doc.moveDown(0.5);
  table(
    doc,
    meta,
    [
      { header: 'Time', width: 78, bold: true },
      { header: 'Job', width: 70, bold: true },
      { header: 'Site', width: 135 },
      { header: 'Work', width: 140 },
      { header: 'Warnings', width: 110 },
    ],
    d.visits.map((v) => ({
      cells: [
        `${timeOf(v.startsAt, d.timeZone)}–${timeOf(v.endsAt, d.timeZone)}`,
        `${v.jobReference}${v.priority === 'emergency' || v.priority === 'high' ? `\n${PRIORITY_WORDS[v.priority]}` : ''}`,
        `${v.site.name}\n${v.site.postcode}`,
        v.description,
        v.warnings.length ? v.warnings.map((w) => `! ${w.typeName}`).join('\n') : '—',
      ],
      strong: v.warnings.some((w) => w.severity === 'danger'),
    })),
    { size: 9.5 },
  );
  paragraph(doc, 'Rows shaded and in bold have a DANGER warning: read the job sheet before you go.', { size: 9, color: MUTED });
  for (const v of d.visits) jobSheet(doc, d, v);
  return finish(doc, meta);
}

function jobSheet(doc: Doc, d: EngineerDay, v: PackVisit): void {
  const meta: DocMeta = { company: d.company, title: `Job sheet — ${v.jobReference}`, footer: `Job sheets — ${d.engineer}, ${dayOf(d.date, 'short')}`, generated: d.generated };
  nextPage(doc, meta);

  // When, who, how urgent.
  const y = doc.y;
  const others = v.engineers.filter((n) => n !== d.engineer);
  doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text(printable(`${dayOf(d.date, 'short')}, ${timeOf(v.startsAt, d.timeZone)}–${timeOf(v.endsAt, d.timeZone)}`), PAGE.margin, y, { width: CONTENT_WIDTH - 150 });
  doc.font('Helvetica').fontSize(10.5).text(printable(`${d.engineer}${others.length ? ` with ${others.join(', ')}` : ''}`), { width: CONTENT_WIDTH - 150 });
  priorityBadge(doc, v.priority, y);
  doc.y = Math.max(doc.y, y + 34);

  warningPanel(doc, v.warnings);

  heading(doc, 'Site', 12);
  facts(doc, [
    ['Site', v.site.name],
    ['Address', [...v.site.address, v.site.postcode].join(', ')],
    ['Access', v.site.accessNotes],
  ]);
  heading(doc, 'Who to call', 12);
  const contact = v.client.contact;
  facts(doc, [
    ['On site', v.site.occupantName || v.site.occupantPhone ? [v.site.occupantName, v.site.occupantPhone].filter(Boolean).join(', ') : 'No occupant on record'],
    ['Client', [v.client.name, v.client.phone].filter(Boolean).join(', ')],
    ['Client contact', contact ? [contact.name, contact.role, contact.phone, contact.email].filter(Boolean).join(', ') : null],
  ]);
  heading(doc, 'Job', 12);
  facts(doc, [
    ['Job no.', `${v.jobReference} · ${jobTypeWords(v.jobType)} · priority ${PRIORITY_WORDS[v.priority] ?? v.priority}${v.targetDate ? ` · due ${dayOf(v.targetDate, 'short')}` : ''}`],
    ['Work', v.description],
    ['Asset', v.asset],
    ['Latest notes', v.notes.length ? v.notes.map((n) => `${n.text}${n.author ? ` (${n.author})` : ''}`).join('\n') : null],
  ]);

  // The write-in half: it stays together on one page where it can.
  ensureRoom(doc, meta, 330);
  writeIns(doc, ['Arrived (time)', 'Departed (time)', 'Mileage / travel']);
  if (others.length) writeIns(doc, others.flatMap((n) => [`${n}: arrived`, `${n}: departed`]));
  const left = BOTTOM - doc.y;
  writeBox(doc, 'Work done and notes', Math.max(110, left - 222), { hint: 'what you found, what you did, anything the office must follow up' });
  writeBox(doc, 'Materials used', 56, { hint: 'item, quantity, from van stock or supplier' });
  outcomeTicks(doc);
  signatureBoxes(doc);
}

/** The job's priority in a framed box at the top right; emergency and high are filled so they stand out in mono too. */
function priorityBadge(doc: Doc, priority: string, y: number): void {
  const w = 140;
  const x = PAGE.margin + CONTENT_WIDTH - w;
  const urgent = priority === 'emergency' || priority === 'high';
  if (urgent) doc.rect(x, y, w, 30).fill(DANGER);
  doc.rect(x, y, w, 30).lineWidth(1.5).strokeColor(urgent ? DANGER : INK).stroke();
  doc.font('Helvetica').fontSize(7.5).fillColor(urgent ? '#ffffff' : MUTED).text('PRIORITY', x, y + 4, { width: w, align: 'center' });
  doc.font('Helvetica-Bold').fontSize(13).fillColor(urgent ? '#ffffff' : INK).text((PRIORITY_WORDS[priority] ?? priority).toUpperCase(), x, y + 13, { width: w, align: 'center' });
  doc.fillColor(INK).lineWidth(1);
}
