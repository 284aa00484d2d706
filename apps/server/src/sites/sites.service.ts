import type { TSite, TSiteListQuery, ZCreateSiteRequest, ZUpdateSiteRequest } from '@fieldkeep/domain';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import { findClient } from '../clients/clients.repository.js';
import type { AppContext } from '../context.js';
import { withWriteTx } from '../db/write.js';
import { AppError, notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findSite, findSiteRow, insertSites, listSites, updateSite, type SiteFields, type SiteRow } from './sites.repository.js';

type CreateSite = z.output<typeof ZCreateSiteRequest>;
type UpdateSite = z.output<typeof ZUpdateSiteRequest>;

/** Sites are read by every role of the tenant; a client user only reaches its own organisation's. */
const READERS = ['admin', 'office', 'engineer', 'client'] as const;

export const invalidField = (path: string, message: string) => new AppError('validation_failed', message, { issues: [{ path, message }] });

/** The site row if the actor may see it (a client user: only its organisation's), else 404. */
export async function siteForActor(db: AppContext['database']['read'], a: Actor, siteId: string): Promise<SiteRow> {
  const row = await findSiteRow(db, a.tenantId, siteId);
  if (!row || (a.role === 'client' && row.client_id !== a.clientId)) throw notFound('Site');
  return row;
}

export async function listSitesFor(ctx: AppContext, actor: Actor | undefined, query: TSiteListQuery): Promise<TSite[]> {
  const a = requireRole(actor, ...READERS);
  let clientId = query.clientId;
  if (a.role === 'client') {
    if (clientId !== undefined && clientId !== a.clientId) return [];
    clientId = a.clientId ?? '';
  }
  const sites = await listSites(ctx.database.read, a.tenantId, { ...query, clientId }, ctx.clock.now().toISOString());
  // A client user sees no warnings, not even how many.
  return a.role === 'client' ? sites.map((s) => ({ ...s, liveWarningCount: 0 })) : sites;
}

export async function getSite(ctx: AppContext, actor: Actor | undefined, id: string): Promise<TSite> {
  const a = requireRole(actor, ...READERS);
  await siteForActor(ctx.database.read, a, id);
  const site = await findSite(ctx.database.read, a.tenantId, id, ctx.clock.now().toISOString());
  if (!site) throw notFound('Site');
  // A client user sees no warnings, not even how many.
  return a.role === 'client' ? { ...site, liveWarningCount: 0 } : site;
}

/** Request fields → stored columns (only those present in the request; null clears an optional one). */
export function siteFields(input: UpdateSite): Partial<SiteFields> {
  const out: Partial<SiteFields> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.address1 !== undefined) out.address1 = input.address1;
  if (input.postcode !== undefined) out.postcode = input.postcode;
  if (input.address2 !== undefined) out.address2 = input.address2;
  if (input.town !== undefined) out.town = input.town;
  if (input.lat !== undefined) out.lat = input.lat;
  if (input.lng !== undefined) out.lng = input.lng;
  if (input.accessNotes !== undefined) out.access_notes = input.accessNotes;
  if (input.occupantName !== undefined) out.occupant_name = input.occupantName;
  if (input.occupantPhone !== undefined) out.occupant_phone = input.occupantPhone;
  if (input.occupantEmail !== undefined) out.occupant_email = input.occupantEmail;
  return out;
}

/** A new site row for `clientId` (already checked to be the tenant's), every optional field null when absent. */
export function newSiteRow(tenantId: string, clientId: string, input: Omit<CreateSite, 'clientId'>): Omit<SiteRow, 'created_at' | 'updated_at'> {
  return {
    id: newId(),
    tenant_id: tenantId,
    client_id: clientId,
    name: input.name,
    address1: input.address1,
    address2: input.address2 ?? null,
    town: input.town ?? null,
    postcode: input.postcode,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    access_notes: input.accessNotes ?? null,
    occupant_name: input.occupantName ?? null,
    occupant_phone: input.occupantPhone ?? null,
    occupant_email: input.occupantEmail ?? null,
  };
}

export async function createSite(ctx: AppContext, actor: Actor | undefined, input: CreateSite): Promise<TSite> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findClient(tx.trx, a.tenantId, input.clientId))) throw invalidField('clientId', 'No such client organisation.');
    const [row] = await insertSites(tx, [newSiteRow(a.tenantId, input.clientId, input)]);
    if (!row) throw new Error('site insert returned nothing');
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'site.created',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: row.id,
      details: { name: row.name, postcode: row.postcode, clientId: row.client_id },
    });
    return findSite(tx.trx, a.tenantId, row.id, tx.now);
  });
  if (!value) throw new Error('site vanished after insert');
  return value;
}

export async function changeSite(ctx: AppContext, actor: Actor | undefined, id: string, input: UpdateSite): Promise<TSite> {
  const a = requireRole(actor, 'admin', 'office');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    if (!(await findSiteRow(tx.trx, a.tenantId, id))) throw notFound('Site');
    await updateSite(tx, a.tenantId, id, siteFields(input));
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'site.updated',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: id,
      details: { fields: Object.keys(input) },
    });
    return findSite(tx.trx, a.tenantId, id, tx.now);
  });
  if (!value) throw notFound('Site');
  return value;
}
