import { ZCreateAssetRequest, ZCreateClientRequest, ZCreateSiteRequest, ZPostcode, type TImportKind } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import { findAssetsOnSites, insertAssets } from '../assets/assets.repository.js';
import { newAssetRow } from '../assets/assets.service.js';
import { findOrgsByNames, insertOrgs } from '../clients/organisations.repository.js';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { findSitesByPostcodes, insertSites } from '../sites/sites.repository.js';
import { newSiteRow } from '../sites/sites.service.js';
import { cell, flagDuplicates, numberCell, RowErrors, validateRow, type ImportRow } from './import-table.js';

type Reader = Kysely<DB> | Transaction<DB>;

/**
 * What an import would do: every row checked (with the API's own schemas, against the tenant's
 * records), and, when no row has an error, a way to write them all in the caller's transaction.
 */
export interface ImportPlan {
  errors: RowErrors;
  /** Writes every row; call only when `errors` is empty. Answers how many records it created. */
  apply(tx: WriteTx): Promise<number>;
}

type Valid<T> = Array<{ row: ImportRow; value: T }>;

/**
 * Picks the one record a name refers to: an exact match wins; otherwise a match in any case, if
 * there is exactly one. Answers an error message when there is none, or more than one.
 */
function pickByName<T extends { name: string }>(candidates: readonly T[], name: string, what: string): T | string {
  const exact = candidates.filter((c) => c.name === name);
  const loose = exact.length > 0 ? exact : candidates.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  if (loose.length === 1 && loose[0]) return loose[0];
  return loose.length === 0 ? `No ${what} named "${name}".` : `${loose.length} ${what}s are named "${name}": rename one so the import can tell them apart.`;
}

// --- clients -------------------------------------------------------------------------------------

const CLIENT_COLUMNS: Record<string, string> = { 'contacts.0.name': 'contact_name', 'contacts.0.email': 'contact_email', 'contacts.0.phone': 'contact_phone' };
const ClientRow = ZCreateClientRequest;

async function planClients(db: Reader, tenantId: string, rows: readonly ImportRow[]): Promise<ImportPlan> {
  const errors = new RowErrors();
  const valid: Valid<ReturnType<typeof ClientRow.parse>> = [];
  for (const row of rows) {
    const contact = { name: cell(row, 'contact_name'), email: cell(row, 'contact_email'), phone: cell(row, 'contact_phone') };
    const hasContact = Object.values(contact).some((v) => v !== undefined);
    const value = validateRow(
      ClientRow,
      { name: cell(row, 'name'), address: cell(row, 'address'), phone: cell(row, 'phone'), email: cell(row, 'email'), notes: cell(row, 'notes'), ...(hasContact ? { contacts: [contact] } : {}) },
      row,
      errors,
      CLIENT_COLUMNS,
    );
    if (value) valid.push({ row, value });
  }
  flagDuplicates(valid, (v) => v.name, errors, 'name', 'client name');
  const existing = new Set((await findOrgsByNames(db, 'client', tenantId, valid.map((v) => v.value.name))).map((c) => c.name.toLowerCase()));
  for (const { row, value } of valid) if (existing.has(value.name.toLowerCase())) errors.add(row.line, 'name', `A client named "${value.name}" already exists.`);
  return {
    errors,
    async apply(tx) {
      const created = await insertOrgs(
        tx,
        'client',
        tenantId,
        valid.map(({ value: { contacts, ...fields } }) => ({ fields, contacts: contacts ?? [] })),
      );
      return created.length;
    },
  };
}

// --- sites ---------------------------------------------------------------------------------------

const SITE_COLUMNS: Record<string, string> = {
  accessNotes: 'access_notes',
  occupantName: 'occupant_name',
  occupantPhone: 'occupant_phone',
  occupantEmail: 'occupant_email',
};
const SiteRowSchema = ZCreateSiteRequest.omit({ clientId: true });

async function planSites(db: Reader, tenantId: string, rows: readonly ImportRow[]): Promise<ImportPlan> {
  const errors = new RowErrors();
  const clients = await findOrgsByNames(
    db,
    'client',
    tenantId,
    rows.map((r) => r.cells.client ?? '').filter(Boolean),
  );
  const valid: Valid<ReturnType<typeof SiteRowSchema.parse> & { clientId: string }> = [];
  for (const row of rows) {
    const clientName = cell(row, 'client');
    let clientId: string | undefined;
    if (!clientName) errors.add(row.line, 'client', 'Required.');
    else {
      const found = pickByName(clients, clientName, 'client');
      if (typeof found === 'string') errors.add(row.line, 'client', found);
      else clientId = found.id;
    }
    const value = validateRow(
      SiteRowSchema,
      {
        name: cell(row, 'name'),
        address1: cell(row, 'address1'),
        address2: cell(row, 'address2'),
        town: cell(row, 'town'),
        postcode: cell(row, 'postcode'),
        lat: numberCell(row, 'lat', errors),
        lng: numberCell(row, 'lng', errors),
        accessNotes: cell(row, 'access_notes'),
        occupantName: cell(row, 'occupant_name'),
        occupantPhone: cell(row, 'occupant_phone'),
        occupantEmail: cell(row, 'occupant_email'),
      },
      row,
      errors,
      SITE_COLUMNS,
    );
    if (value && clientId && !errors.has(row.line)) valid.push({ row, value: { ...value, clientId } });
  }
  const key = (v: { name: string; postcode: string }) => `${v.name.toLowerCase()}\n${v.postcode}`;
  flagDuplicates(valid, key, errors, 'name', 'site name and postcode');
  const existing = new Set(
    (
      await findSitesByPostcodes(
        db,
        tenantId,
        valid.map((v) => v.value.postcode),
      )
    ).map(key),
  );
  for (const { row, value } of valid) {
    if (existing.has(key(value))) errors.add(row.line, 'name', `A site named "${value.name}" at ${value.postcode} already exists.`);
  }
  return {
    errors,
    async apply(tx) {
      return (await insertSites(
        tx,
        valid.map(({ value: { clientId, ...v } }) => newSiteRow(tenantId, clientId, v)),
      )).length;
    },
  };
}

// --- assets --------------------------------------------------------------------------------------

const AssetRowSchema = ZCreateAssetRequest.omit({ siteId: true });
type AssetValue = ReturnType<typeof AssetRowSchema.parse>;
/** Two assets are the same when a site has them with one serial number, or (without serials) alike in every field. */
const assetKey = (siteId: string, v: { type: string; make?: string | null; model?: string | null; serial?: string | null; location?: string | null }) =>
  v.serial ? `${siteId}\nserial\n${v.serial.toLowerCase()}` : [siteId, v.type, v.make ?? '', v.model ?? '', v.location ?? ''].join('\n').toLowerCase();

async function planAssets(db: Reader, tenantId: string, rows: readonly ImportRow[]): Promise<ImportPlan> {
  const errors = new RowErrors();
  const postcodes = new Map<ImportRow, string>();
  for (const row of rows) {
    const pc = ZPostcode.safeParse(row.cells.postcode ?? '');
    if (!row.cells.postcode) errors.add(row.line, 'postcode', 'Required.');
    else if (!pc.success) errors.add(row.line, 'postcode', pc.error.issues[0]?.message ?? 'Not a postcode.');
    else postcodes.set(row, pc.data);
  }
  const sites = await findSitesByPostcodes(db, tenantId, [...postcodes.values()]);
  const valid: Valid<AssetValue & { siteId: string }> = [];
  for (const row of rows) {
    const siteName = cell(row, 'site_name');
    const postcode = postcodes.get(row);
    let siteId: string | undefined;
    if (!siteName) errors.add(row.line, 'site_name', 'Required.');
    else if (postcode) {
      const found = pickByName(
        sites.filter((s) => s.postcode === postcode),
        siteName,
        `site at ${postcode}`,
      );
      if (typeof found === 'string') errors.add(row.line, 'site_name', found);
      else siteId = found.id;
    }
    const value = validateRow(
      AssetRowSchema,
      { type: cell(row, 'type'), make: cell(row, 'make'), model: cell(row, 'model'), serial: cell(row, 'serial'), location: cell(row, 'location') },
      row,
      errors,
      {},
    );
    if (value && siteId && !errors.has(row.line)) valid.push({ row, value: { ...value, siteId } });
  }
  flagDuplicates(valid, (v) => assetKey(v.siteId, v), errors, 'serial', 'asset (site and serial, or every field)');
  const existing = new Set(
    (
      await findAssetsOnSites(
        db,
        tenantId,
        valid.map((v) => v.value.siteId),
      )
    ).map((a) => assetKey(a.site_id, a)),
  );
  for (const { row, value } of valid) {
    if (existing.has(assetKey(value.siteId, value))) errors.add(row.line, 'serial', 'This site already has this asset.');
  }
  return {
    errors,
    async apply(tx) {
      return (await insertAssets(
        tx,
        valid.map(({ value: { siteId, ...v } }) => newAssetRow(tenantId, siteId, v)),
      )).length;
    },
  };
}

export const PLANNERS: Record<TImportKind, (db: Reader, tenantId: string, rows: readonly ImportRow[]) => Promise<ImportPlan>> = {
  clients: planClients,
  sites: planSites,
  assets: planAssets,
};
