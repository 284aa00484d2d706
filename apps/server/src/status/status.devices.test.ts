import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TStatusAction, TStatusDevice } from '@fieldkeep/domain';
import { createReplicationToken } from '../replication/tokens.js';
import { DIALECTS } from '../testing/dialects.js';
import { buildJob, buildSite } from '../testing/directory-factories.js';
import { buildTenant, type BuiltTenant } from '../testing/factories.js';
import { TEST_PASSWORD, type TestServer } from '../testing/test-server.js';
import { itemOf, startStatusServer } from './status.fixtures.js';

// Faults from a phone: changes the server refuses (data), a change this server does not know
// (application), and a phone silent while its engineer works (connectivity) — each turns the devices
// item red (or amber), and each is mended from the status page or by the phone syncing again.

const HOUR = 3600_000;
const noteId = (n: number) => `01a30000-0000-7000-8000-${String(n).padStart(12, '0')}`;

for (const dialect of DIALECTS) {
  describe(`status page: devices (${dialect})`, () => {
    let s: TestServer;
    let t: BuiltTenant;
    let other: BuiltTenant;
    let admin = '';
    let eng = '';
    let jobId = '';
    const device = `van-phone-${dialect}`;
    let nextId = 1;
    const push = (mutations: Array<{ name: string; args: unknown }>) =>
      s.call('POST', '/api/sync/push', {
        token: eng,
        body: { protocolVersion: 1, clientId: device, appVersion: '1.4.2', mutations: mutations.map((m) => ({ id: nextId++, ...m })) },
      });
    const goodNote = () => ({ name: 'jobNote.add', args: { id: noteId(nextId), jobId, text: 'Boiler serviced', at: s.clock.now().toISOString() } });
    const devices = () => itemOf(s, admin, 'devices');

    beforeAll(async () => {
      s = await startStatusServer(dialect, { label: 'status-devices' });
      t = await buildTenant(s);
      other = await buildTenant(s);
      admin = await s.signIn(t.users.admin.login, TEST_PASSWORD);
      eng = await s.signIn(t.users.engineer.login, TEST_PASSWORD);
      const office = await s.signIn(t.users.office.login, TEST_PASSWORD);
      const site = await buildSite(s, office, t.clientId);
      jobId = (await buildJob(s, office, site.id)).id;
      // The engineer's visit today, under way since 08:00 (the clock says 09:00 in London).
      const visit = await s.call('POST', '/api/visits', {
        token: office,
        body: { jobId, startsAt: '2026-11-23T08:00:00Z', endsAt: '2026-11-23T16:00:00Z', engineerIds: [t.users.engineer.id] },
      });
      expect(visit.statusCode).toBe(201);
    });
    afterAll(async () => s?.stop());

    it('is green while the phone syncs, with its version and last push', async () => {
      expect(await devices()).toMatchObject({ status: 'green', summary: 'No device has synced yet.' });
      expect((await push([goodNote()])).statusCode).toBe(200);
      const d = await devices();
      expect(d).toMatchObject({ status: 'green', summary: '1 device syncing; no refused changes.' });
      expect(d.entries).toHaveLength(1);
      expect(d.entries[0]).toMatchObject({ id: device, status: 'green', problems: [] });
      expect(d.entries[0]!.facts).toContainEqual({ label: 'App version', value: '1.4.2' });
    });

    it('data: refused changes turn it red with "Open the device"; dealt with by the office: green', async () => {
      const bad = await push([{ name: 'jobNote.add', args: { id: noteId(900), jobId, at: s.clock.now().toISOString() } }, goodNote()]);
      expect(bad.statusCode).toBe(200);
      const report = await s.call('GET', '/api/status', { token: admin });
      expect(report.json<{ status: string }>().status).toBe('red');
      const d = await devices();
      expect(d.status).toBe('red');
      expect(d.summary).toMatch(/^1 device with refused changes waiting for the office \(data\)/);
      const entry = d.entries[0]!;
      expect(entry).toMatchObject({ status: 'red', problems: ['data'], action: { label: 'Open the device', href: `/admin/status?device=${device}` } });
      expect(entry.text).toMatch(/1 change from this device was refused/);

      // Opening the device shows what was refused, kept whole.
      const opened = await s.call('GET', `/api/status/devices/${device}`, { token: admin });
      expect(opened.statusCode).toBe(200);
      const detail = opened.json<TStatusDevice>();
      expect(detail.problems).toEqual(['data']);
      expect(detail.rejections).toHaveLength(1);
      expect(detail.rejections[0]).toMatchObject({ name: 'jobNote.add', code: 'validation_failed', args: { id: noteId(900), jobId } });

      // Another company's admin cannot open it or see it.
      const otherAdmin = await s.signIn(other.users.admin.login, TEST_PASSWORD);
      expect((await s.call('GET', `/api/status/devices/${device}`, { token: otherAdmin })).statusCode).toBe(404);
      expect((await s.call('POST', `/api/status/devices/${device}/resolve-rejections`, { token: otherAdmin, body: {} })).statusCode).toBe(404);
      expect(await itemOf(s, otherAdmin, 'devices')).toMatchObject({ status: 'green', entries: [] });

      const resolved = await s.call('POST', `/api/status/devices/${device}/resolve-rejections`, { token: admin, body: {} });
      expect(resolved.json()).toEqual({ resolved: 1 });
      expect(await devices()).toMatchObject({ status: 'green' });
      // Still stored whole for the record.
      const kept = await s.ctx.database.db.selectFrom('sync_rejections').select(['resolved_at']).where('client_id', '=', device).execute();
      expect(kept).toEqual([{ resolved_at: s.clock.now().toISOString() }]);
    });

    it('application: a change this server does not know turns it red until the phone syncs normally', async () => {
      const unknown = await push([{ name: 'invoice.raise', args: { amount: 120 } }]);
      expect(unknown.statusCode).toBe(422);
      nextId--; // the phone keeps it and will send it again (here: it drops it after an update)
      const d = await devices();
      expect(d.status).toBe('red');
      expect(d.summary).toMatch(/1 device whose last sync failed on the server's side \(application\)/);
      expect(d.entries[0]).toMatchObject({ problems: ['application'] });
      expect(d.entries[0]!.text).toMatch(/unsupported mutation invoice\.raise/);
      const detail = (await s.call('GET', `/api/status/devices/${device}`, { token: admin })).json<TStatusDevice>();
      expect(detail.problems).toEqual(['application']);

      s.clock.advance(60_000);
      expect((await push([goodNote()])).statusCode).toBe(200);
      expect(await devices()).toMatchObject({ status: 'green' });
    });

    it('connectivity: silent for over 3 hours while the visit is under way is amber; a sync mends it', async () => {
      s.clock.advance(3 * HOUR + 60_000);
      const d = await devices();
      expect(d.status).toBe('amber');
      expect(d.summary).toMatch(/1 device has not synced for over 3 hours although its engineer has a visit under way today/);
      expect(d.entries[0]).toMatchObject({ status: 'amber', problems: ['connectivity'] });
      expect(d.entries[0]!.action).toEqual<TStatusAction>({ label: 'Open the device', href: `/admin/status?device=${device}` });

      const pull = await s.call('GET', `/api/sync/pull?clientId=${device}&cursor=`, { token: eng });
      expect(pull.statusCode).toBe(200);
      expect(await devices()).toMatchObject({ status: 'green' });

      // After the working day, a quiet phone is nobody's worry.
      s.clock.set(new Date('2026-11-23T22:00:00Z'));
      expect(await devices()).toMatchObject({ status: 'green' });
    });

    it('monitoring sees counts, never the devices or their users', async () => {
      await push([{ name: 'jobNote.add', args: { id: noteId(901), jobId, at: s.clock.now().toISOString() } }]);
      const token = (await createReplicationToken(s.ctx.database.db, 'monitor', s.clock.now().toISOString())).token;
      const res = await s.call('GET', '/api/status', { token });
      expect(res.body).not.toContain(device);
      expect(res.body).not.toContain(`engineer of ${t.tenant.slug}`);
      const d = res.json<{ items: Array<{ key: string; status: string; entries: unknown[]; details: unknown[] }> }>().items.find((i) => i.key === 'devices')!;
      expect(d).toMatchObject({ status: 'red', entries: [] });
      expect(d.details).toContainEqual({ label: 'With refused changes (data)', value: '1' });
    });
  });
}
