import type { TContact, TContactInput } from '@fieldkeep/domain';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';
import { newId } from '../ids.js';

type Reader = Kysely<DB> | Transaction<DB>;
export type ContactOwnerKind = 'client' | 'supplier';

/** The contacts of several clients (or suppliers) at once, in their saved order, by owner id. */
export async function contactsByOwner(db: Reader, tenantId: string, kind: ContactOwnerKind, ownerIds: readonly string[]): Promise<Map<string, TContact[]>> {
  const out = new Map<string, TContact[]>();
  for (let i = 0; i < ownerIds.length; i += 500) {
    const chunk = ownerIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('owner_kind', '=', kind)
      .where('owner_id', 'in', chunk)
      .orderBy('owner_id')
      .orderBy('position')
      .execute();
    for (const r of rows) {
      const list = out.get(r.owner_id) ?? [];
      list.push({ id: r.id, name: r.name, role: r.role, email: r.email, phone: r.phone });
      out.set(r.owner_id, list);
    }
  }
  return out;
}

/**
 * Replaces an owner's contacts whole with `contacts`, in that order. The caller records the owner's
 * change (its change-log data carries the contacts), so contacts have no change-log rows of their own.
 */
export async function replaceContacts(tx: WriteTx, tenantId: string, kind: ContactOwnerKind, ownerId: string, contacts: readonly TContactInput[]): Promise<TContact[]> {
  await tx.trx.deleteFrom('contacts').where('tenant_id', '=', tenantId).where('owner_kind', '=', kind).where('owner_id', '=', ownerId).execute();
  if (contacts.length === 0) return [];
  const rows = contacts.map((c, position) => ({
    id: newId(),
    tenant_id: tenantId,
    owner_kind: kind,
    owner_id: ownerId,
    name: c.name,
    role: c.role ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    position,
  }));
  await tx.trx.insertInto('contacts').values(rows).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, email: r.email, phone: r.phone }));
}
