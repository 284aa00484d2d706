import type { TAnnouncement, TAnnouncementWithCounts, TReleaseNotes, ZCreateAnnouncementRequest } from '@fieldkeep/domain';
import type { z } from 'zod';
import { requireRole, type Actor } from '../auth/actor.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { AppContext } from '../context.js';
import { compareVersions } from '../db/database.js';
import { withWriteTx } from '../db/write.js';
import { notFound } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { findAnnouncement, insertAnnouncement, lastSeenVersion, listUnseen, listWithCounts, markSeen, setSeenVersion } from './announcements.repository.js';
import { loadReleaseNotes, releasedNotes, serverVersion, unseenNotes } from './release-notes.js';

const ANYONE = ['admin', 'office', 'engineer', 'client'] as const;

/** What this user has not dismissed yet (the office and field apps show it once). */
export async function unseenAnnouncements(ctx: AppContext, actor: Actor | undefined): Promise<TAnnouncement[]> {
  const a = requireRole(actor, ...ANYONE);
  return listUnseen(ctx.database.read, a.tenantId, { id: a.userId, role: a.role });
}

export async function allAnnouncements(ctx: AppContext, actor: Actor | undefined): Promise<TAnnouncementWithCounts[]> {
  const a = requireRole(actor, 'admin');
  return listWithCounts(ctx.database.read, a.tenantId);
}

export async function postAnnouncement(ctx: AppContext, actor: Actor | undefined, input: z.output<typeof ZCreateAnnouncementRequest>): Promise<TAnnouncement> {
  const a = requireRole(actor, 'admin');
  const { value } = await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const author = await tx.trx.selectFrom('users').select('name').where('id', '=', a.userId).executeTakeFirst();
    const row = {
      id: newId(),
      tenant_id: a.tenantId,
      title: input.title,
      body: input.body,
      audience: JSON.stringify([...new Set(input.audience)].sort()),
      created_by: a.userId,
      created_by_name: author?.name ?? a.login,
      created_at: tx.now,
    };
    await insertAnnouncement(tx, row);
    await appendAudit(tx.trx, tx.now, {
      tenantId: a.tenantId,
      action: 'announcement.posted',
      actorUserId: a.userId,
      actorLogin: a.login,
      subject: row.id,
      details: { title: row.title, audience: JSON.parse(row.audience) as unknown },
    });
    return (await findAnnouncement(tx.trx, a.tenantId, row.id))!;
  });
  return value;
}

export async function dismissAnnouncement(ctx: AppContext, actor: Actor | undefined, id: string): Promise<void> {
  const a = requireRole(actor, ...ANYONE);
  await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const found = await findAnnouncement(tx.trx, a.tenantId, id);
    if (!found || (found.audience.length > 0 && !found.audience.includes(a.role))) throw notFound('Announcement');
    await markSeen(tx, a.tenantId, id, a.userId);
  });
}

/**
 * Release notes. `unseen`: for an admin, the versions after the one they last acknowledged (after an
 * upgrade); nothing for other roles. An admin asking for the first time has seen nothing to compare
 * with: the running version is recorded as their starting point (not on an office replica, whose
 * tables are the primary's), so a fresh install greets nobody with its whole history.
 * Without `unseen`: every released version, for anyone.
 */
export async function releaseNotes(ctx: AppContext, actor: Actor | undefined, unseen: boolean, opts: { isReplica: () => boolean }): Promise<TReleaseNotes> {
  const a = requireRole(actor, ...ANYONE);
  const current = serverVersion();
  const all = loadReleaseNotes();
  const lastSeen = await lastSeenVersion(ctx.database.read, a.tenantId, a.userId);
  if (!unseen) return { serverVersion: current, lastSeenVersion: lastSeen, notes: releasedNotes(all, current) };
  if (a.role !== 'admin') return { serverVersion: current, lastSeenVersion: lastSeen, notes: [] };
  if (lastSeen === null && !opts.isReplica()) {
    await withWriteTx(ctx.database, ctx.clock, async (tx) => {
      if ((await lastSeenVersion(tx.trx, a.tenantId, a.userId)) === null) await setSeenVersion(tx, a.tenantId, a.userId, current);
    });
  }
  return { serverVersion: current, lastSeenVersion: lastSeen, notes: unseenNotes(all, current, lastSeen) };
}

/** Acknowledges this server's version (never moves back, e.g. after a downgrade). */
export async function acknowledgeReleaseNotes(ctx: AppContext, actor: Actor | undefined): Promise<{ version: string }> {
  const a = requireRole(actor, ...ANYONE);
  const current = serverVersion();
  await withWriteTx(ctx.database, ctx.clock, async (tx) => {
    const seen = await lastSeenVersion(tx.trx, a.tenantId, a.userId);
    if (seen && compareVersions(seen, current) >= 0) return;
    await setSeenVersion(tx, a.tenantId, a.userId, current);
  });
  return { version: current };
}
