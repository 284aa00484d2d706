import type { PackData, PackOrg } from '../pack-data.js';
import { finish, newDoc, paragraph, table, type DocMeta, type RenderedPdf } from './document.js';
import { dayOf, PRIORITY_WORDS, shortDateTimeOf, STATUS_WORDS } from './format.js';

/** The contact lists and the outstanding-jobs list: tables that run over as many pages as needed. */

interface Common {
  company: string;
  generated: string;
}

const contactLines = (o: PackOrg) =>
  o.contacts.map((c) => [c.name, c.role && `(${c.role})`, c.phone, c.email].filter(Boolean).join(' ')).join('\n') || '—';

export function orgsPdf(c: Common, kind: 'clients' | 'suppliers', orgs: PackOrg[]): Promise<RenderedPdf> {
  const meta: DocMeta = { company: c.company, title: kind === 'clients' ? 'Clients — contact list' : 'Suppliers — contact list', generated: c.generated };
  const doc = newDoc(meta);
  paragraph(
    doc,
    kind === 'clients'
      ? `${orgs.length} client organisations with their main number and named contacts.`
      : `${orgs.length} suppliers. While the system is down, tell them that orders and delivery paperwork will be on paper (purchase order numbers from the manual register).`,
    { size: 10 },
  );
  doc.moveDown(0.5);
  table(
    doc,
    meta,
    [
      { header: 'Name', width: 105, bold: true },
      { header: 'Phone', width: 80 },
      { header: 'Email', width: 140 },
      { header: 'Address', width: 85 },
      { header: 'Contacts', width: 150 },
    ],
    orgs.map((o) => ({ cells: [o.name, o.phone ?? '—', o.email ?? '—', o.address ?? '—', contactLines(o)] })),
  );
  if (orgs.length === 0) paragraph(doc, `No ${kind} on record.`);
  return finish(doc, meta);
}

export function sitesPdf(c: Common, sites: PackData['sites']): Promise<RenderedPdf> {
  const meta: DocMeta = { company: c.company, title: 'Sites — addresses, occupants and access', generated: c.generated };
  const doc = newDoc(meta);
  paragraph(doc, `${sites.length} sites. Rows in bold have a live site warning: say it to anyone you send there.`, { size: 10 });
  doc.moveDown(0.5);
  table(
    doc,
    meta,
    [
      { header: 'Site', width: 100, bold: true },
      { header: 'Client', width: 80 },
      { header: 'Address', width: 100 },
      { header: 'Occupant', width: 85 },
      { header: 'Access', width: 95 },
      { header: 'Warnings', width: 120 },
    ],
    sites.map((s) => ({
      cells: [
        s.name,
        s.clientName,
        [...s.address, s.postcode].join('\n'),
        [s.occupantName, s.occupantPhone, s.occupantEmail].filter(Boolean).join('\n') || '—',
        s.accessNotes ?? '—',
        s.warnings.length ? s.warnings.map((w) => `! ${w}`).join('\n') : '—',
      ],
      strong: s.warnings.length > 0,
    })),
    { size: 8.5 },
  );
  return finish(doc, meta);
}

export function outstandingPdf(c: Common & { timeZone: string; firstDay: string }, jobs: PackData['outstanding']): Promise<RenderedPdf> {
  const meta: DocMeta = { company: c.company, title: 'Outstanding and urgent jobs — by due date', generated: c.generated };
  const doc = newDoc(meta);
  const urgent = jobs.filter((j) => j.urgent).length;
  paragraph(
    doc,
    `${jobs.length} open jobs, ${urgent} of them urgent (emergency or high priority, or due by ${dayOf(c.firstDay, 'short')}; shaded and marked URGENT). Earliest due date first; jobs without a due date at the end.`,
    { size: 10 },
  );
  doc.moveDown(0.5);
  table(
    doc,
    meta,
    [
      { header: 'Due', width: 60, bold: true },
      { header: 'Job', width: 58, bold: true },
      { header: 'Priority', width: 64 },
      { header: 'Site', width: 120 },
      { header: 'Work', width: 140 },
      { header: 'Status / next visit', width: 105 },
    ],
    jobs.map((j) => ({
      cells: [
        j.targetDate ? dayOf(j.targetDate, 'short') : 'No date',
        j.reference,
        `${j.urgent ? 'URGENT\n' : ''}${PRIORITY_WORDS[j.priority] ?? j.priority}`,
        `${j.siteName}, ${j.postcode} · ${j.clientName}`,
        j.description,
        `${STATUS_WORDS[j.status] ?? j.status}${j.nextVisit ? `\n${shortDateTimeOf(j.nextVisit.startsAt, c.timeZone)}${j.nextVisit.engineers.length ? `\n${j.nextVisit.engineers.join(', ')}` : ''}` : ''}`,
      ],
      strong: j.urgent,
    })),
    { size: 8.5 },
  );
  return finish(doc, meta);
}
