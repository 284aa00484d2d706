import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ZId, ZTimestamp } from './ids.js';

const text = (max = 500) => z.string().trim().max(max);
const optText = (max = 500) => text(max).nullable().optional();

export const ZContact = z
  .object({
    id: ZId,
    name: z.string(),
    role: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: 'Contact' });
export type TContact = z.infer<typeof ZContact>;

export const ZContactInput = z
  .object({
    name: text(LIMITS.nameMaxLength).min(1),
    role: optText(100),
    email: z.email().max(254).nullable().optional(),
    phone: optText(40),
  })
  .strict();
export type TContactInput = z.infer<typeof ZContactInput>;

/** A client organisation (e.g. a housing association). Client users belong to exactly one. */
export const ZClient = z
  .object({
    id: ZId,
    name: z.string(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    notes: z.string().nullable(),
    contacts: z.array(ZContact),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Client' });
export type TClient = z.infer<typeof ZClient>;

export const ZCreateClientRequest = z
  .object({
    name: text(LIMITS.nameMaxLength).min(1),
    address: optText(500),
    phone: optText(40),
    email: z.email().max(254).nullable().optional(),
    notes: optText(2000),
    contacts: z.array(ZContactInput).max(50).optional(),
  })
  .strict()
  .meta({ id: 'CreateClientRequest' });
export type TCreateClientRequest = z.infer<typeof ZCreateClientRequest>;
/** Contacts, when given, replace the list whole. */
export const ZUpdateClientRequest = ZCreateClientRequest.partial().strict().meta({ id: 'UpdateClientRequest' });
export type TUpdateClientRequest = z.infer<typeof ZUpdateClientRequest>;
export const ZClientList = z.object({ clients: z.array(ZClient) }).meta({ id: 'ClientList' });

export const ZSupplier = ZClient.extend({}).meta({ id: 'Supplier' });
export type TSupplier = z.infer<typeof ZSupplier>;
export const ZCreateSupplierRequest = ZCreateClientRequest.extend({}).strict().meta({ id: 'CreateSupplierRequest' });
export const ZUpdateSupplierRequest = ZUpdateClientRequest.extend({}).strict().meta({ id: 'UpdateSupplierRequest' });
export const ZSupplierList = z.object({ suppliers: z.array(ZSupplier) }).meta({ id: 'SupplierList' });

export const ZSite = z
  .object({
    id: ZId,
    clientId: ZId,
    clientName: z.string(),
    name: z.string(),
    address1: z.string(),
    address2: z.string().nullable(),
    town: z.string().nullable(),
    postcode: z.string(),
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    accessNotes: z.string().nullable(),
    occupantName: z.string().nullable(),
    occupantPhone: z.string().nullable(),
    occupantEmail: z.string().nullable(),
    /** Live warnings on the site and its assets, by severity (for lists and badges). */
    liveWarningCount: z.number().int(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Site' });
export type TSite = z.infer<typeof ZSite>;

/** UK-style postcodes and others: letters, digits, spaces; normalised to upper case. */
export const ZPostcode = z
  .string()
  .max(100)
  .transform((s) => s.trim().toUpperCase().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(2)
      .max(12)
      .regex(/^[A-Z0-9][A-Z0-9 -]*$/, 'Letters, digits, spaces and hyphens only.'),
  );

export const ZCreateSiteRequest = z
  .object({
    clientId: ZId,
    name: text(LIMITS.nameMaxLength).min(1),
    address1: text(200).min(1),
    address2: optText(200),
    town: optText(100),
    postcode: ZPostcode,
    lat: z.number().min(-90).max(90).nullable().optional(),
    lng: z.number().min(-180).max(180).nullable().optional(),
    accessNotes: optText(2000),
    occupantName: optText(LIMITS.nameMaxLength),
    occupantPhone: optText(40),
    occupantEmail: z.email().max(254).nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateSiteRequest' });
export type TCreateSiteRequest = z.input<typeof ZCreateSiteRequest>;
export const ZUpdateSiteRequest = ZCreateSiteRequest.omit({ clientId: true }).partial().strict().meta({ id: 'UpdateSiteRequest' });
export const ZSiteList = z.object({ sites: z.array(ZSite) }).meta({ id: 'SiteList' });

export const ZAsset = z
  .object({
    id: ZId,
    siteId: ZId,
    type: z.string(),
    make: z.string().nullable(),
    model: z.string().nullable(),
    serial: z.string().nullable(),
    location: z.string().nullable(),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Asset' });
export type TAsset = z.infer<typeof ZAsset>;
export const ZCreateAssetRequest = z
  .object({
    siteId: ZId,
    type: text(100).min(1),
    make: optText(100),
    model: optText(100),
    serial: optText(100),
    location: optText(200),
  })
  .strict()
  .meta({ id: 'CreateAssetRequest' });
export type TCreateAssetRequest = z.infer<typeof ZCreateAssetRequest>;
export const ZUpdateAssetRequest = ZCreateAssetRequest.omit({ siteId: true }).partial().strict().meta({ id: 'UpdateAssetRequest' });
export const ZAssetList = z.object({ assets: z.array(ZAsset) }).meta({ id: 'AssetList' });

/** Query of the directory lists (clients, suppliers, assets): an optional search, then a page sorted by name. */
export const ZDirectoryListQuery = z
  .object({
    q: z.string().trim().max(100).optional().describe('Search: part of a name (sites: also address or postcode), any case.'),
    limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeMax),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type TDirectoryListQuery = z.infer<typeof ZDirectoryListQuery>;
export const ZSiteListQuery = ZDirectoryListQuery.extend({ clientId: ZId.optional() }).strict();
export type TSiteListQuery = z.infer<typeof ZSiteListQuery>;

// --- CSV import (clients, sites, assets) ------------------------------------------------------

export const IMPORT_KINDS = ['clients', 'sites', 'assets'] as const;
export type TImportKind = (typeof IMPORT_KINDS)[number];
/** Most data rows one import file may hold; a longer file is refused whole (split it). */
export const IMPORT_MAX_ROWS = 5000;
/** The columns each import understands (header names are matched without regard to case). */
export const IMPORT_COLUMNS: Readonly<Record<TImportKind, { columns: readonly string[]; required: readonly string[] }>> = {
  clients: {
    columns: ['name', 'address', 'phone', 'email', 'notes', 'contact_name', 'contact_email', 'contact_phone'],
    required: ['name'],
  },
  sites: {
    columns: ['client', 'name', 'address1', 'address2', 'town', 'postcode', 'lat', 'lng', 'access_notes', 'occupant_name', 'occupant_phone', 'occupant_email'],
    required: ['client', 'name', 'address1', 'postcode'],
  },
  assets: {
    columns: ['site_name', 'postcode', 'type', 'make', 'model', 'serial', 'location'],
    required: ['site_name', 'postcode', 'type'],
  },
};

export const ZImportRequest = z
  .object({
    csv: z
      .string()
      .min(1)
      .refine((s) => s.length <= LIMITS.csvBytes && new TextEncoder().encode(s).length <= LIMITS.csvBytes, {
        message: `The file is larger than ${LIMITS.csvBytes / 1024 / 1024} MB: split it.`,
      })
      .describe('The CSV file, UTF-8 text (RFC 4180: comma-separated, double quotes around fields holding commas, quotes or line breaks).'),
    dryRun: z.boolean().default(false).describe('Check every row and answer the counts or the errors, writing nothing.'),
  })
  .strict()
  .meta({ id: 'ImportRequest' });
export type TImportRequest = z.input<typeof ZImportRequest>;

export const ZImportResult = z
  .object({
    imported: z.number().int().describe('Records created (with dryRun: that would be created).'),
    rows: z.number().int().describe('Data rows in the file (blank lines not counted).'),
    dryRun: z.boolean(),
  })
  .meta({ id: 'ImportResult' });
export type TImportResult = z.infer<typeof ZImportResult>;

export const ZImportRowError = z
  .object({
    row: z.number().int().describe('1-based line number in the file where the row starts (the header is line 1).'),
    errors: z.array(z.object({ column: z.string().describe('Header name; empty when the problem is the row as a whole.'), message: z.string() })),
  })
  .meta({ id: 'ImportRowError' });
export type TImportRowError = z.infer<typeof ZImportRowError>;

/** 422 import_invalid: nothing was imported; each bad row with its problems. */
export const ZImportErrorBody = z
  .object({
    error: z.object({ code: z.literal('import_invalid'), message: z.string() }),
    rows: z.array(ZImportRowError),
  })
  .meta({ id: 'ImportErrorBody' });
export type TImportErrorBody = z.infer<typeof ZImportErrorBody>;
