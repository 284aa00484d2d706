/**
 * The field app's promise, end to end: an engineer on a 360 px phone works a visit with no network
 * (status flow with the risk assessment, a note, a photo, a signature, the job completion form,
 * non-productive time), the
 * page is reloaded while still offline and everything is still there, then signal returns, "Sync
 * now" sends it all — and the office API shows every item exactly once.
 *
 * "Offline" is real: the context is set offline AND every /api request is aborted (DESIGN.md
 * "Testing notes": setOffline alone does not cut a service worker's requests), and the test checks
 * through the office API that nothing reached the server while offline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, startServerProcess, type ServerProcess } from './harness.js';
import { shot, api, login, jobOfVisit, cameraPicture, jpegSize, goOffline, goOnline, chromiumOnProfile, target } from './field-helpers.js';

let browser: Browser;
let server: ServerProcess;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServerProcess()]);
  target.url = server.url;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('field app: a visit worked offline', () => {
  it('keeps every change through an offline reload and lands each one exactly once', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const status = page.getByRole('status').filter({ hasText: 'unsynced' });

    // Sign in with signal; the first sync brings the day, the service worker keeps the app shell.
    await page.goto(`${server.url}/field/`);
    await page.getByLabel('Email or sign-in name').fill('eng1@demo.test');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    await page.getByText(/^Last synced \d\d:\d\d$/).waitFor();
    await expect.poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active && navigator.serviceWorker.controller))).toBe(true);
    await expect.poll(() => status.textContent()).toContain('0 unsynced');
    const warned = page.getByRole('link').filter({ hasText: /⚠ \d+ warnings?/ }).first();
    await warned.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, 'my-day');

    // The visit with warnings: they come first, in words.
    const siteName = (await warned.locator('.visit-site').textContent())!;
    await warned.click();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();
    const warnings = page.getByRole('region', { name: /warnings? — read before you go in/ });
    expect(await warnings.isVisible()).toBe(true);
    expect(await warnings.getByText(/Caution:|Danger:|Information:/).count()).toBeGreaterThan(0);
    const visitId = new URL(page.url()).pathname.split('/').at(-1)!;
    await shot(page, 'visit-warnings');

    // No signal from here on.
    await goOffline(ctx);
    await page.getByText('✕ Offline').waitFor();

    await page.getByRole('button', { name: 'Start travelling' }).click();
    await page.getByRole('heading', { name: /Status: Travelling/ }).waitFor();
    await page.getByRole('button', { name: 'Arrived on site' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pre-visit risk assessment' }).waitFor();
    await page.getByRole('group', { name: /safe to enter/ }).getByLabel('Yes').check();
    await page.getByRole('group', { name: /unwell or self-isolating/ }).getByLabel('No').check();
    await page.getByRole('group', { name: /any hazards/ }).getByLabel('No').check();
    await page.getByRole('button', { name: 'Submit and start work' }).click();
    await page.getByRole('heading', { name: /Status: On site/ }).waitFor();

    const noteText = `Isolation valve seized; freed and tested (${Date.now()}).`;
    await page.getByLabel('New note').fill(noteText);
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText(noteText).waitFor();

    await page.getByLabel('Take a photo').setInputFiles({ name: 'boiler.png', mimeType: 'image/png', buffer: cameraPicture() });
    await page.getByRole('img', { name: /^Photo \d\d:\d\d$/ }).waitFor();

    await page.getByRole('link', { name: 'Capture signature' }).click();
    await page.getByRole('heading', { level: 1, name: 'Signature' }).waitFor();
    const box = (await page.getByRole('img', { name: 'Signature box' }).boundingBox())!;
    for (const [y0, y1] of [
      [0.7, 0.3],
      [0.3, 0.7],
    ] as const) {
      await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * y0);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.15 + i * 0.06), box.y + box.height * (y0 + ((y1 - y0) * i) / 12 + 0.1 * Math.sin(i)));
      await page.mouse.up();
    }
    await shot(page, 'signature');
    await page.getByRole('button', { name: 'Save signature' }).click();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();
    await page.getByRole('img', { name: /^Signature \d\d:\d\d$/ }).waitFor();

    // Completing asks the job completion form (not finished: parts needed, so no photo is required).
    await page.getByRole('button', { name: 'Complete visit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Job completion' }).waitFor();
    await page.getByRole('group', { name: /Is the work complete\?/ }).getByLabel('No').check();
    await page.getByRole('group', { name: /Why is the work not complete/ }).getByLabel('Parts needed').check();
    await page.getByRole('group', { name: /follow-on work needed/ }).getByLabel('No').check();
    await page.getByLabel(/Customer name/).fill('Mr D. Walsh');
    const sigGroup = page.getByRole('group', { name: /Customer signature/ });
    const pad = sigGroup.getByRole('img', { name: /Signature box/ });
    await pad.scrollIntoViewIfNeeded();
    const padBox = (await pad.boundingBox())!;
    await page.mouse.move(padBox.x + padBox.width * 0.2, padBox.y + padBox.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(padBox.x + padBox.width * (0.2 + i * 0.06), padBox.y + padBox.height * (0.5 + 0.2 * Math.sin(i)));
    await page.mouse.up();
    await sigGroup.getByRole('button', { name: 'Use this signature' }).click();
    await page.getByRole('button', { name: 'Submit and complete the visit' }).click();
    await page.getByRole('heading', { name: /Status: Completed/ }).waitFor();
    // travelling, risk assessment, on site, note, photo, signature, completion form, completed
    await expect.poll(() => status.textContent()).toContain('8 unsynced');

    // Nothing reached the server: the offline was real.
    const office = await login('office@demo.test');
    const eng1 = await login('eng1@demo.test');
    const before = await jobOfVisit(office.token, eng1.user.id, visitId);
    expect(before.notes.filter((n) => n.text === noteText)).toHaveLength(0);
    expect(before.attachments.filter((a) => a.visitId === visitId)).toHaveLength(0);
    expect(before.visits.find((v) => v.id === visitId)?.status).toBe('scheduled');

    // Reload with no network: the service worker serves the app, IndexedDB still holds the work.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();
    await page.getByRole('heading', { name: /Status: Completed/ }).waitFor();
    await page.getByText(noteText).waitFor();
    await page.getByRole('img', { name: /^Photo \d\d:\d\d$/ }).waitFor();
    await page.getByRole('img', { name: /^Signature \d\d:\d\d$/ }).waitFor();
    await expect.poll(() => status.textContent()).toContain('8 unsynced');
    expect(await page.getByText('✕ Offline').isVisible()).toBe(true);
    await shot(page, 'offline-unsynced');

    // Non-productive time, still offline.
    await page.getByRole('link', { name: 'Back to my day' }).click();
    await page.getByRole('link', { name: 'Non-productive time' }).click();
    await page.getByRole('heading', { level: 1, name: 'Non-productive time' }).waitFor();
    await page.getByLabel('Activity', { exact: true }).selectOption({ label: 'Travel to merchant' });
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Running: Travel to merchant' }).waitFor();
    await page.getByLabel('Note (optional)').fill('Copper fittings');
    await shot(page, 'non-productive-time');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText(/Travel to merchant.*Copper fittings/).waitFor();
    await expect.poll(() => status.textContent()).toContain('9 unsynced');

    // Signing out now would strand the work: refused, with the reason.
    await page.getByRole('link', { name: 'My day' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('alert').filter({ hasText: '9 changes not yet sent — connect to send them first' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();

    // Signal again: one tap sends everything; the screen does not jump back.
    await goOnline(ctx);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('0 unsynced');
    await page.getByRole('button', { name: 'Sync now' }).click(); // a second sync changes nothing
    await expect.poll(() => page.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
    const card = page.getByRole('link', { name: new RegExp(siteName) });
    expect(await card.getByText('Completed').isVisible()).toBe(true);
    await card.click();
    await page.getByText(noteText).waitFor();
    expect(await page.getByRole('img', { name: /^(Photo|Signature) \d\d:\d\d$/ }).count()).toBe(2);
    expect(await page.getByText('not sent yet').count()).toBe(0);

    // The office sees each item exactly once.
    const after = await jobOfVisit(office.token, eng1.user.id, visitId);
    expect(after.visits.find((v) => v.id === visitId)?.status).toBe('completed');
    expect(after.notes.filter((n) => n.text === noteText)).toHaveLength(1);
    const files = after.attachments.filter((a) => a.visitId === visitId);
    expect(files.map((a) => a.kind).sort()).toEqual(['photo', 'signature']);
    const photo = files.find((a) => a.kind === 'photo')!;
    const signature = files.find((a) => a.kind === 'signature')!;
    expect(photo.contentType).toBe('image/jpeg');
    expect(signature.contentType).toBe('image/png');
    const photoBytes = Buffer.from(await (await fetch(`${server.url}/api/blobs/${photo.sha256}`, { headers: { authorization: `Bearer ${office.token}` } })).arrayBuffer());
    expect(photoBytes.length).toBe(photo.size);
    expect(jpegSize(photoBytes)).toEqual({ width: 1600, height: 1200 });
    const sigRes = await fetch(`${server.url}/api/blobs/${signature.sha256}`, { method: 'HEAD', headers: { authorization: `Bearer ${office.token}` } });
    expect(sigRes.status).toBe(200);

    // The engineer's own records (risk assessment, time entry) — once each, seen by a fresh pull.
    const fresh = await api<{ changes: Array<{ entity: string; data: Record<string, unknown> }> }>('GET', `/api/sync/pull?clientId=e2e-check-${Date.now()}&cursor=`, eng1.token);
    const subs = fresh.body.changes.filter((c) => c.entity === 'formSubmission' && c.data.visitId === visitId);
    expect(subs).toHaveLength(2); // the risk assessment and the job completion, once each
    expect(subs.map((x) => x.data.answers)).toContainEqual({ safe_access: true, occupant_unwell: false, hazards: false });
    expect(fresh.body.changes.filter((c) => c.entity === 'timeEntry' && c.data.note === 'Copper fittings')).toHaveLength(1);
    await ctx.close();
  });
});

describe('field app: sync when answers fail, the office refuses, or the phone is revoked', () => {
  it('retries a failed and a lost answer without duplicates, shows refusals, and clears a revoked phone', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    const status = page.getByRole('status').filter({ hasText: 'unsynced' });
    await page.goto(`${server.url}/field/`);
    await page.getByLabel('Email or sign-in name').fill('eng1@demo.test');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/^Last synced \d\d:\d\d$/).waitFor();
    const deviceId = (await page.getByText(/^Device id \(for your admin\): /).textContent())!.split(': ')[1]!;
    const [office, admin, eng1] = await Promise.all([login('office@demo.test'), login('admin@demo.test'), login('eng1@demo.test')]);
    const scheduled = page.getByRole('link').filter({ hasText: 'Status: Scheduled' });
    await expect.poll(() => scheduled.count()).toBeGreaterThanOrEqual(2);
    const visitUrl = async (card: ReturnType<Page['getByRole']>) => (await card.getAttribute('href'))!;
    const [hrefA, hrefB] = [await visitUrl(scheduled.nth(0)), await visitUrl(scheduled.nth(1))];
    const visitA = hrefA.split('/').at(-1)!;
    const visitB = hrefB.split('/').at(-1)!;

    // 1. The server fails (503 replica_unavailable), then applies a batch whose answer is lost on
    //    the way back: the phone keeps the note both times, resends it, and it is stored once.
    const plan = ['fail-503', 'lose-answer'];
    const seen: string[] = [];
    await ctx.route('**/api/sync/push', async (route) => {
      const step = plan.shift() ?? 'pass';
      seen.push(step);
      if (step === 'fail-503') {
        return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'replica_unavailable', message: 'No replica confirmed in time.' } }) });
      }
      if (step === 'lose-answer') {
        expect((await route.fetch()).status()).toBe(200);
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.goto(`${server.url}${hrefA}`);
    const noteA = `Pressure at 1.5 bar after refill (${Date.now()}).`;
    await page.getByLabel('New note').fill(noteA);
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    expect(await status.textContent()).toContain('1 unsynced');
    await expect.poll(() => status.textContent(), { timeout: 40_000 }).toContain('0 unsynced');
    expect(seen.slice(0, 3)).toEqual(['fail-503', 'lose-answer', 'pass']);
    await ctx.unroute('**/api/sync/push');
    const jobA = await jobOfVisit(office.token, eng1.user.id, visitA);
    expect(jobA.notes.filter((n) => n.text === noteA)).toHaveLength(1);

    // 2. The office aborts visit B while the phone has not heard; the engineer starts travelling to
    //    it. The server keeps the change as a rejection; the phone shows it, then acknowledges it.
    await ctx.route('**/api/sync/pull**', (r) => r.abort('internetdisconnected'));
    const aborted = await api('POST', `/api/visits/${visitB}/status`, office.token, { status: 'aborted', reason: 'Customer cancelled by phone.' });
    expect(aborted.status).toBe(200);
    await page.goto(`${server.url}${hrefB}`);
    await page.getByRole('button', { name: 'Start travelling' }).click();
    await page.getByRole('heading', { name: /Status: Travelling/ }).waitFor();
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('0 unsynced'); // pushed; its pull failed
    await ctx.unroute('**/api/sync/pull**');
    await page.getByRole('button', { name: 'Sync now' }).click();
    const refusal = page.getByText(/^Not accepted by the office: Visit status change — .*aborted/);
    await refusal.waitFor();
    await shot(page, 'not-accepted');
    await page.getByRole('heading', { name: /Status: Aborted/ }).waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect
      .poll(async () => {
        const r = await api<{ rejections: Array<{ clientId: string; ackedAt: string | null }> }>('GET', '/api/sync/rejections', office.token);
        return r.body.rejections.filter((x) => x.clientId === deviceId).map((x) => Boolean(x.ackedAt));
      })
      .toEqual([true]);
    await page.getByRole('button', { name: 'OK, I have read this' }).click();
    await expect.poll(() => refusal.count()).toBe(0);

    // 3. Revoked while holding an unsent note: the note is still delivered (once), then the phone
    //    clears its data and asks for a sign-in.
    await ctx.route('**/api/sync/**', (r) => r.abort('internetdisconnected'));
    await page.goto(`${server.url}${hrefA}`);
    const noteB = `Left a card for the landlord (${Date.now()}).`;
    await page.getByLabel('New note').fill(noteB);
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => status.textContent()).toContain('1 unsynced');
    expect((await api('POST', `/api/devices/${deviceId}/revoke`, admin.token, {})).status).toBe(200);
    await ctx.unroute('**/api/sync/**');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Your admin removed this phone from Fieldkeep').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Fieldkeep — sign in' }).waitFor();
    const jobAfter = await jobOfVisit(office.token, eng1.user.id, visitA);
    expect(jobAfter.notes.filter((n) => n.text === noteB)).toHaveLength(1);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Fieldkeep — sign in' }).waitFor();
    await ctx.close();
  });
});


describe('field app: a change survives the browser being killed', () => {
  it('keeps a note recorded offline through SIGKILL and a cold start with no network, then sends it once', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-e2e-profile-'));
    const started: Array<{ kill: () => void }> = [];
    try {
      const first = await chromiumOnProfile(profile);
      started.push(first);
      const ctx1 = first.browser.contexts()[0]!;
      const page = await ctx1.newPage();
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${server.url}/field/`);
      await page.getByLabel('Email or sign-in name').fill('eng1@demo.test');
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText(/^Last synced \d\d:\d\d$/).waitFor();
      await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
      const card = page.getByRole('link').filter({ hasText: 'Status: Scheduled' }).first();
      const href = (await card.getAttribute('href'))!;
      await goOffline(ctx1);
      await card.click();
      const note = `Written just before the battery died (${Date.now()}).`;
      await page.getByLabel('New note').fill(note);
      await page.getByRole('button', { name: 'Save note' }).click();
      await page.getByText(note).waitFor();
      first.kill(); // no unload, no flush: only what IndexedDB made durable survives

      const second = await chromiumOnProfile(profile);
      started.push(second);
      const ctx2 = second.browser.contexts()[0]!;
      await goOffline(ctx2);
      const again = await ctx2.newPage();
      await again.setViewportSize({ width: 360, height: 740 });
      await again.goto(`${server.url}${href}`);
      await again.getByText(note).waitFor();
      const status = again.getByRole('status').filter({ hasText: 'unsynced' });
      await expect.poll(() => status.textContent()).toContain('1 unsynced');

      await goOnline(ctx2);
      await again.getByRole('button', { name: 'Sync now' }).click();
      await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('0 unsynced');
      const [office, eng1] = await Promise.all([login('office@demo.test'), login('eng1@demo.test')]);
      const job = await jobOfVisit(office.token, eng1.user.id, href.split('/').at(-1)!);
      expect(job.notes.filter((n) => n.text === note)).toHaveLength(1);
      await second.browser.close();
    } finally {
      started.forEach((b) => b.kill());
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});
