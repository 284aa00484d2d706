import type { TAnnouncement, TAnnouncementWithCounts, TRole } from '@fieldkeep/domain';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AnnouncementsTable, DB } from '../db/schema.js';
import type { WriteTx } from '../db/write.js';

type Reader = Kysely<DB> | Transaction<DB>;

export const announcementRowToAnnouncement = (r: Selectable<AnnouncementsTable>): TAnnouncement => ({
  id: r.id,
  title: r.title,
  body: r.body,
  audience: JSON.parse(r.audience) as TRole[],
  createdAt: r.created_at,
  createdByName: r.created_by_name,
});

const isFor = (a: TAnnouncement, role: TRole) => a.audience.length === 0 || a.audience.includes(role);

export async function insertAnnouncement(tx: WriteTx, row: Selectable<AnnouncementsTable>): Promise<void> {
  await tx.trx.insertInto('announcements').values(row).execute();
}

/**
 * Announcements for this user not yet dismissed, newest first: those for their role (or everyone)
 * posted since they joined — someone added later is not shown old news — by someone else.
 */
export async function listUnseen(db: Reader, tenantId: string, user: { id: string; role: TRole }, limit = 20): Promise<TAnnouncement[]> {
  const joined = await db.selectFrom('users').select('created_at').where('tenant_id', '=', tenantId).where('id', '=', user.id).executeTakeFirst();
  if (!joined) return [];
  const rows = await db
    .selectFrom('announcements as a')
    .leftJoin('announcement_seen as s', (j) => j.onRef('s.announcement_id', '=', 'a.id').on('s.user_id', '=', user.id))
    .selectAll('a')
    .where('a.tenant_id', '=', tenantId)
    .where('s.user_id', 'is', null)
    .where('a.created_at', '>=', joined.created_at)
    // The author has read it: it is not shown back to them.
    .where((eb) => eb.or([eb('a.created_by', 'is', null), eb('a.created_by', '!=', user.id)]))
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(200)
    .execute();
  return rows
    .map(announcementRowToAnnouncement)
    .filter((a) => isFor(a, user.role))
    .slice(0, limit);
}

export async function findAnnouncement(db: Reader, tenantId: string, id: string): Promise<TAnnouncement | undefined> {
  const row = await db.selectFrom('announcements').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && announcementRowToAnnouncement(row);
}

/** Records that a user dismissed an announcement; a second time changes nothing. */
export async function markSeen(tx: WriteTx, tenantId: string, announcementId: string, userId: string): Promise<void> {
  await tx.trx
    .insertInto('announcement_seen')
    .values({ tenant_id: tenantId, announcement_id: announcementId, user_id: userId, seen_at: tx.now })
    .onConflict((oc) => oc.columns(['announcement_id', 'user_id']).doNothing())
    .execute();
}

/** Every announcement of the tenant with how many of the people it is for have dismissed it (admin). */
export async function listWithCounts(db: Reader, tenantId: string): Promise<TAnnouncementWithCounts[]> {
  const rows = await db
    .selectFrom('announcements as a')
    .selectAll('a')
    .select((eb) => eb.selectFrom('announcement_seen as s').select((e) => e.fn.countAll<number>().as('n')).whereRef('s.announcement_id', '=', 'a.id').as('seen'))
    .where('a.tenant_id', '=', tenantId)
    .orderBy('a.created_at', 'desc')
    .limit(200)
    .execute();
  const users = await db.selectFrom('users').select(['id', 'role', 'created_at']).where('tenant_id', '=', tenantId).where('disabled_at', 'is', null).execute();
  return rows.map((r) => {
    const a = announcementRowToAnnouncement(r);
    const audienceSize = users.filter((u) => u.id !== r.created_by && u.created_at <= a.createdAt && isFor(a, u.role as TRole)).length;
    return { ...a, seen: Number(r.seen ?? 0), audienceSize };
  });
}

export async function lastSeenVersion(db: Reader, tenantId: string, userId: string): Promise<string | null> {
  const row = await db.selectFrom('release_notes_seen').select('version').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  return row?.version ?? null;
}

export async function setSeenVersion(tx: WriteTx, tenantId: string, userId: string, version: string): Promise<void> {
  await tx.trx
    .insertInto('release_notes_seen')
    .values({ user_id: userId, tenant_id: tenantId, version, seen_at: tx.now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ version, seen_at: tx.now }))
    .execute();
}
