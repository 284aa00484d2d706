import { toCsv } from '../reports/csv-writer.js';
import type { PackData, PackOrg } from './pack-data.js';

/** The lists again as CSV: for a spreadsheet on a laptop, or to load into another system for the day. */

function orgsCsv(orgs: PackOrg[]): string {
  const rows: string[][] = [];
  for (const o of orgs) {
    if (o.contacts.length === 0) rows.push([o.name, o.phone ?? '', o.email ?? '', o.address ?? '', '', '', '', '']);
    for (const c of o.contacts) rows.push([o.name, o.phone ?? '', o.email ?? '', o.address ?? '', c.name, c.role ?? '', c.phone ?? '', c.email ?? '']);
  }
  return toCsv(['Name', 'Phone', 'Email', 'Address', 'Contact', 'Contact role', 'Contact phone', 'Contact email'], rows);
}

export const clientsCsv = (d: PackData): string => orgsCsv(d.clients);
export const suppliersCsv = (d: PackData): string => orgsCsv(d.suppliers);

export const sitesCsv = (d: PackData): string =>
  toCsv(
    ['Site', 'Client', 'Address', 'Postcode', 'Occupant', 'Occupant phone', 'Occupant email', 'Access notes', 'Live warnings'],
    d.sites.map((s) => [s.name, s.clientName, s.address.join(', '), s.postcode, s.occupantName ?? '', s.occupantPhone ?? '', s.occupantEmail ?? '', s.accessNotes ?? '', s.warnings.join('; ')]),
  );

export const outstandingCsv = (d: PackData): string =>
  toCsv(
    ['Due date', 'Job', 'Urgent', 'Priority', 'Status', 'Site', 'Postcode', 'Client', 'Work', 'Next visit', 'Next visit engineers'],
    d.outstanding.map((j) => [
      j.targetDate ?? '',
      j.reference,
      j.urgent ? 'yes' : 'no',
      j.priority,
      j.status,
      j.siteName,
      j.postcode,
      j.clientName,
      j.description,
      j.nextVisit?.startsAt ?? '',
      j.nextVisit?.engineers.join(', ') ?? '',
    ]),
  );
