import type { TAnnouncement, TAnnouncementWithCounts, TAuditEntry, TReleaseNotes } from '@fieldkeep/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../testing/dialects.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { loadReleaseNotes, parseChangelog, serverVersion, unseenNotes } from './release-notes.js';

const CHANGELOG = `# Changelog

## Unreleased

- Work in progress, not shown.

## 0.3.0 — 2026-11-23

- Forms.

## 0.2.0 — 2026-11-20

- Jobs and **dispatch**.
- Sync.

## 0.1.0 — 2026-11-01

First release.
`;

describe('release notes from CHANGELOG.md', () => {
  it('reads each released version with its date and text, leaving out Unreleased', () => {
    expect(parseChangelog(CHANGELOG)).toEqual([
      { version: '0.3.0', date: '2026-11-23', body: '- Forms.' },
      { version: '0.2.0', date: '2026-11-20', body: '- Jobs and **dispatch**.\n- Sync.' },
      { version: '0.1.0', date: '2026-11-01', body: 'First release.' },
    ]);
  });

  it('after an upgrade, shows the versions after the one acknowledged, up to the running one', () => {
    const all = parseChangelog(CHANGELOG);
    expect(unseenNotes(all, '0.3.0', '0.1.0').map((n) => n.version)).toEqual(['0.3.0', '0.2.0']);
    expect(unseenNotes(all, '0.2.0', '0.1.0').map((n) => n.version)).toEqual(['0.2.0']);
    expect(unseenNotes(all, '0.3.0', '0.3.0')).toEqual([]);
    // Never acknowledged anything: no "before" to compare with, so nothing (not the whole history).
    expect(unseenNotes(all, '0.3.0', null)).toEqual([]);
    expect(unseenNotes(all, '0.10.0', '0.2.0').map((n) => n.version)).toEqual(['0.3.0']);
  });

  it('has notes for the version this server runs', () => {
    expect(loadReleaseNotes().map((n) => n.version)).toContain(serverVersion());
  });
});

for (const dialect of DIALECTS) {
  describe(`announcements (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    const tokens: Record<string, string> = {};
    const unseen = async (role: string) => (await s.call('GET', '/api/announcements', { token: tokens[role] })).json<{ announcements: TAnnouncement[] }>().announcements.map((a) => a.title);

    beforeAll(async () => {
      s = await startTestServer(dialect, { label: 'announcements' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      for (const role of ['admin', 'office', 'engineer', 'client'] as const) tokens[role] = await s.signIn(t.users[role].login, TEST_PASSWORD);
      tokens.otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
    });
    afterAll(async () => s?.stop());

    it('shows each person the announcements meant for them until they dismiss them; only an admin posts', async () => {
      expect((await s.call('POST', '/api/announcements', { token: tokens.office, body: { title: 'x', body: 'y' } })).statusCode).toBe(403);
      s.clock.advance(60_000);
      const all = await s.call('POST', '/api/announcements', { token: tokens.admin, body: { title: 'Office closed Friday', body: 'Training day: call the emergency line.' } });
      expect(all.statusCode).toBe(201);
      expect(all.json<{ announcement: TAnnouncement }>().announcement).toMatchObject({ audience: [], createdByName: `admin of ${t.tenant.slug}` });
      s.clock.advance(60_000);
      const engineersOnly = await s.call('POST', '/api/announcements', { token: tokens.admin, body: { title: 'New van rota', body: 'Starts Monday.', audience: ['engineer'] } });
      const vanId = engineersOnly.json<{ announcement: TAnnouncement }>().announcement.id;

      expect(await unseen('engineer')).toEqual(['New van rota', 'Office closed Friday']);
      expect(await unseen('office')).toEqual(['Office closed Friday']);
      expect(await unseen('client')).toEqual(['Office closed Friday']);
      expect(await unseen('otherAdmin')).toEqual([]);
      expect(await unseen('admin')).toEqual([]); // the author has read it

      expect((await s.call('POST', `/api/announcements/${vanId}/seen`, { token: tokens.engineer, body: {} })).statusCode).toBe(200);
      expect((await s.call('POST', `/api/announcements/${vanId}/seen`, { token: tokens.engineer, body: {} })).statusCode).toBe(200);
      expect(await unseen('engineer')).toEqual(['Office closed Friday']);
      // Not for the office, and not another company's: as if it did not exist.
      expect((await s.call('POST', `/api/announcements/${vanId}/seen`, { token: tokens.office, body: {} })).statusCode).toBe(404);
      expect((await s.call('POST', `/api/announcements/${vanId}/seen`, { token: tokens.otherAdmin, body: {} })).statusCode).toBe(404);

      const list = (await s.call('GET', '/api/announcements/all', { token: tokens.admin })).json<{ announcements: TAnnouncementWithCounts[] }>().announcements;
      expect(list.map((a) => [a.title, a.seen, a.audienceSize])).toEqual([
        ['New van rota', 1, 1],
        ['Office closed Friday', 0, 3],
      ]);
      expect((await s.call('GET', '/api/announcements/all', { token: tokens.office })).statusCode).toBe(403);
      const audit = (await s.call('GET', '/api/audit?action=announcement.posted', { token: tokens.admin })).json<{ entries: TAuditEntry[] }>().entries;
      expect(audit.map((e) => e.details.title)).toEqual(['New van rota', 'Office closed Friday']);
    });

    it('does not show someone who joins later the news from before they joined', async () => {
      s.clock.advance(60_000);
      const created = await s.call('POST', '/api/users', { token: tokens.admin, body: { name: 'Newcomer', email: `new@${t.tenant.slug}.test`, role: 'office', password: 'a-long-enough-password' } });
      expect(created.statusCode, created.body).toBe(201);
      const token = await s.signIn(`new@${t.tenant.slug}.test`, 'a-long-enough-password');
      expect((await s.call('GET', '/api/announcements', { token })).json<{ announcements: unknown[] }>().announcements).toEqual([]);
    });

    it('shows an admin, after an upgrade, the release notes of each version since the one they acknowledged, once; other roles none', async () => {
      // The first look records where the admin starts: a fresh install greets nobody with its history.
      const first = (await s.call('GET', '/api/release-notes?unseen=1', { token: tokens.admin })).json<TReleaseNotes>();
      expect(first).toMatchObject({ serverVersion: serverVersion(), lastSeenVersion: null, notes: [] });
      expect((await s.call('GET', '/api/release-notes?unseen=1', { token: tokens.admin })).json<TReleaseNotes>()).toMatchObject({ lastSeenVersion: serverVersion(), notes: [] });
      // As after an upgrade from an older version: what came since, newest first.
      await s.ctx.database.db.updateTable('release_notes_seen').set({ version: '0.0.1' }).where('user_id', '=', t.users.admin.id).execute();
      const after = (await s.call('GET', '/api/release-notes?unseen=1', { token: tokens.admin })).json<TReleaseNotes>();
      expect(after.notes.length).toBeGreaterThan(0);
      expect(after.notes.map((n) => n.version)).toEqual(loadReleaseNotes().map((n) => n.version).filter((v) => v <= serverVersion()));
      expect((await s.call('GET', '/api/release-notes?unseen=1', { token: tokens.office })).json<TReleaseNotes>().notes).toEqual([]);
      const ack = await s.call('POST', '/api/release-notes/seen', { token: tokens.admin, body: {} });
      expect(ack.json()).toEqual({ ok: true, version: serverVersion() });
      expect((await s.call('GET', '/api/release-notes?unseen=1', { token: tokens.admin })).json<TReleaseNotes>()).toMatchObject({ lastSeenVersion: serverVersion(), notes: [] });
      // Everyone can read the full notes.
      expect((await s.call('GET', '/api/release-notes', { token: tokens.engineer })).json<TReleaseNotes>().notes.length).toBeGreaterThan(0);
    });
  });
}
