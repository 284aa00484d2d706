import type { TClient, TContactInput } from '@fieldkeep/domain';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ClientsTable, DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';
import { contactsByOwner, replaceContacts } from './contacts.repository.js';

/**
 * Clients and suppliers are the same kind of record (an organisation with an address and contacts)
 * kept in two tables of the same shape: one repository serves both.
 */
type Reader = Kysely<DB> | Transaction<DB>;
export type OrgKind = 'client' | 'supplier';
const TABLE = { client: 'clients', supplier: 'suppliers' } as const;
type OrgRow = Selectable<ClientsTable>;

/** An organisation's own fields, as the create/update requests name them. */
export interface OrgFields {
  name: string;
  address?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  notes?: string | null | undefined;
}

const orgRowToOrg = (r: OrgRow, contacts: TClient['contacts']): TClient => ({
  id: r.id,
  name: r.name,
  address: r.address,
  phone: r.phone,
  email: r.email,
  notes: r.notes,
  contacts,
  createdAt: r.created_at,
});

/** `like` pattern for a search term, any case, with its own % and _ taken literally. */
export const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function withContacts(db: Reader, tenantId: string, kind: OrgKind, rows: OrgRow[]): Promise<TClient[]> {
  const contacts = await contactsByOwner(
    db,
    tenantId,
    kind,
    rows.map((r) => r.id),
  );
  return rows.map((r) => orgRowToOrg(r, contacts.get(r.id) ?? []));
}

export async function listOrgs(
  db: Reader,
  kind: OrgKind,
  tenantId: string,
  opts: { onlyId?: string | undefined; q?: string | undefined; limit: number; offset: number },
): Promise<TClient[]> {
  let q = db.selectFrom(TABLE[kind]).selectAll().where('tenant_id', '=', tenantId);
  if (opts.onlyId !== undefined) q = q.where('id', '=', opts.onlyId);
  if (opts.q) q = q.where(sql<boolean>`lower(name) like ${likePattern(opts.q)} escape '\\'`);
  const rows = await q.orderBy(sql`lower(name)`).orderBy('name').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
  return withContacts(db, tenantId, kind, rows);
}

export async function findOrg(db: Reader, kind: OrgKind, tenantId: string, id: string): Promise<TClient | undefined> {
  const row = await db.selectFrom(TABLE[kind]).selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return (await withContacts(db, tenantId, kind, [row]))[0];
}

/** Organisations of the tenant whose names match any of `names`, compared in lower case. */
export async function findOrgsByNames(db: Reader, kind: OrgKind, tenantId: string, names: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  const lower = [...new Set(names.map((n) => n.toLowerCase()))];
  const out: Array<{ id: string; name: string }> = [];
  for (let i = 0; i < lower.length; i += 500) {
    const chunk = lower.slice(i, i + 500);
    out.push(
      ...(await db
        .selectFrom(TABLE[kind])
        .select(['id', 'name'])
        .where('tenant_id', '=', tenantId)
        .where(sql<string>`lower(name)`, 'in', chunk)
        .execute()),
    );
  }
  return out;
}

export async function insertOrg(tx: WriteTx, kind: OrgKind, tenantId: string, fields: OrgFields, contacts: readonly TContactInput[] = []): Promise<TClient> {
  const [org] = await insertOrgs(tx, kind, tenantId, [{ fields, contacts }]);
  if (!org) throw new Error(`${kind} insert returned nothing`);
  return org;
}

/** Inserts organisations with their contacts in batches (one for the API, thousands for an import); each is recorded in the change log. */
export async function insertOrgs(
  tx: WriteTx,
  kind: OrgKind,
  tenantId: string,
  items: ReadonlyArray<{ fields: OrgFields; contacts: readonly TContactInput[] }>,
): Promise<TClient[]> {
  const rows: OrgRow[] = items.map(({ fields }) => ({
    id: newId(),
    tenant_id: tenantId,
    name: fields.name,
    address: fields.address ?? null,
    phone: fields.phone ?? null,
    email: fields.email ?? null,
    notes: fields.notes ?? null,
    created_at: tx.now,
    updated_at: tx.now,
  }));
  const contactRows = rows.flatMap((r, i) =>
    (items[i]?.contacts ?? []).map((c, position) => ({
      id: newId(),
      tenant_id: tenantId,
      owner_kind: kind,
      owner_id: r.id,
      name: c.name,
      role: c.role ?? null,
      email: c.email ?? null,
      phone: c.phone ?? null,
      position,
    })),
  );
  for (let i = 0; i < rows.length; i += 500) await tx.trx.insertInto(TABLE[kind]).values(rows.slice(i, i + 500)).execute();
  for (let i = 0; i < contactRows.length; i += 500) await tx.trx.insertInto('contacts').values(contactRows.slice(i, i + 500)).execute();
  const byOwner = new Map<string, TClient['contacts']>();
  for (const c of contactRows) byOwner.set(c.owner_id, [...(byOwner.get(c.owner_id) ?? []), { id: c.id, name: c.name, role: c.role, email: c.email, phone: c.phone }]);
  return rows.map((r) => {
    const org = orgRowToOrg(r, byOwner.get(r.id) ?? []);
    tx.record({ tenantId, entity: kind, id: org.id, op: 'put', data: { ...org } });
    return org;
  });
}

export async function updateOrg(
  tx: WriteTx,
  kind: OrgKind,
  tenantId: string,
  id: string,
  patch: Partial<OrgFields>,
  contacts: readonly TContactInput[] | undefined,
): Promise<TClient> {
  const set: Partial<OrgRow> = { updated_at: tx.now };
  if (patch.name !== undefined) set.name = patch.name;
  for (const k of ['address', 'phone', 'email', 'notes'] as const) if (patch[k] !== undefined) set[k] = patch[k];
  await tx.trx.updateTable(TABLE[kind]).set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  if (contacts !== undefined) await replaceContacts(tx, tenantId, kind, id, contacts);
  const org = await findOrg(tx.trx, kind, tenantId, id);
  if (!org) throw new Error(`${kind} ${id} vanished during an update`);
  tx.record({ tenantId, entity: kind, id, op: 'put', data: { ...org } });
  return org;
}
