import { z } from 'zod';
import { ZAnnouncement, ZAnnouncementWithCounts, ZCreateAnnouncementRequest, ZErrorBody, ZId, ZOk, ZReleaseNotes } from '@fieldkeep/domain';
import type { AppContext } from '../context.js';
import type { ZApp } from '../http/types.js';
import { acknowledgeReleaseNotes, allAnnouncements, dismissAnnouncement, postAnnouncement, releaseNotes, unseenAnnouncements } from './announcements.service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZNoBody = z.object({}).strict().optional();

/** Announcements ("what's new") from a tenant's admin, and the release notes of this server. */
export function registerAnnouncementsRoutes(app: ZApp, ctx: AppContext, opts: { isReplica: () => boolean }): void {
  app.get(
    '/api/announcements',
    { schema: { tags: ['announcements'], summary: 'Announcements for me that I have not dismissed yet, newest first', response: { 200: z.object({ announcements: z.array(ZAnnouncement) }), ...errors } } },
    async (req) => ({ announcements: await unseenAnnouncements(ctx, req.actor) }),
  );

  app.get(
    '/api/announcements/all',
    { schema: { tags: ['announcements'], summary: 'Every announcement with how many people dismissed it (admin)', response: { 200: z.object({ announcements: z.array(ZAnnouncementWithCounts) }), ...errors } } },
    async (req) => ({ announcements: await allAnnouncements(ctx, req.actor) }),
  );

  app.post(
    '/api/announcements',
    {
      schema: {
        tags: ['announcements'],
        summary: 'Post an announcement; each person it is for sees it once in the office or field app (admin)',
        body: ZCreateAnnouncementRequest,
        response: { 201: z.object({ announcement: ZAnnouncement }), ...errors },
      },
    },
    async (req, reply) => reply.status(201).send({ announcement: await postAnnouncement(ctx, req.actor, req.body) }),
  );

  app.post(
    '/api/announcements/:announcementId/seen',
    {
      schema: {
        tags: ['announcements'],
        summary: 'Dismiss an announcement (it is not shown to me again)',
        params: z.object({ announcementId: ZId }),
        body: ZNoBody,
        response: { 200: ZOk, ...errors },
      },
    },
    async (req) => {
      await dismissAnnouncement(ctx, req.actor, req.params.announcementId);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/release-notes',
    {
      schema: {
        tags: ['announcements'],
        summary: 'Release notes of this server (CHANGELOG.md); unseen=1: the versions an admin has not acknowledged since an upgrade (the first ask records where they start)',
        querystring: z.object({ unseen: z.enum(['0', '1']).optional() }).strict(),
        response: { 200: ZReleaseNotes, ...errors },
      },
    },
    async (req) => releaseNotes(ctx, req.actor, req.query.unseen === '1', opts),
  );

  app.post(
    '/api/release-notes/seen',
    {
      schema: {
        tags: ['announcements'],
        summary: 'Acknowledge the release notes up to this server’s version',
        body: ZNoBody,
        response: { 200: z.object({ ok: z.literal(true), version: z.string() }), ...errors },
      },
    },
    async (req) => ({ ok: true as const, ...(await acknowledgeReleaseNotes(ctx, req.actor)) }),
  );
}
