import type { TAnnouncement, TAnnouncementWithCounts, TCreateAnnouncementRequest, TReleaseNotes } from '@fieldkeep/domain';
import { request, seg } from '../../api/http';

/** Announcements ("what's new") and the release notes of this server. */
export const announcementsApi = {
  unseen: () => request<{ announcements: TAnnouncement[] }>('GET', '/api/announcements'),
  all: () => request<{ announcements: TAnnouncementWithCounts[] }>('GET', '/api/announcements/all'),
  post: (input: TCreateAnnouncementRequest) => request<{ announcement: TAnnouncement }>('POST', '/api/announcements', input),
  dismiss: (id: string) => request<{ ok: true }>('POST', `/api/announcements/${seg(id)}/seen`),
  releaseNotes: (unseen: boolean) => request<TReleaseNotes>('GET', unseen ? '/api/release-notes?unseen=1' : '/api/release-notes'),
  acknowledgeReleaseNotes: () => request<{ ok: true; version: string }>('POST', '/api/release-notes/seen'),
};
