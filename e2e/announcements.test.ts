/**
 * Announcements ("what's new") end to end on the built server: the admin posts one on the
 * Announcements page; the office planner sees it once in the office app's "What's new" dialog; an
 * engineer sees it on the field app's home screen on a 360 px phone, and it is gone once dismissed.
 * Then the licences report counts those people as active this month.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, SCREENSHOTS, startServerProcess, type ServerProcess } from './harness.js';
import { shot, signInOffice } from './office-helpers.js';

const TITLE = 'E2E-5521: new van rota from Monday';
const BODY = 'Keys are in the office key safe from 07:30. Swap vans only with the planner’s say-so.';

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

describe('announcements in the office and field apps', () => {
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('the admin posts an announcement for everyone', async () => {
    const admin = await signInOffice(browser, server.url, 'admin@demo.test', contexts);
    await admin.goto(`${server.url}/admin/announcements`);
    await admin.getByRole('heading', { level: 1, name: 'Announcements' }).waitFor();
    // A fresh install greets its admin with nothing: no dialog in the way.
    expect(await admin.getByRole('dialog').count()).toBe(0);
    const form = admin.getByRole('form', { name: 'New announcement' });
    await form.getByLabel('Title').fill(TITLE);
    await form.getByLabel('Message').fill(BODY);
    await form.getByRole('button', { name: 'Post announcement' }).click();
    await admin.getByRole('status').filter({ hasText: 'is posted' }).waitFor();
    await admin.getByRole('table', { name: 'Announcements posted' }).getByRole('row', { name: new RegExp(TITLE) }).getByText('0 of 8').waitFor();
    await shot(admin, 'office-announcements');
  });

  it('the office planner sees it once in “What’s new”', async () => {
    const office = await signInOffice(browser, server.url, 'office@demo.test', contexts);
    const dialog = office.getByRole('dialog', { name: 'What’s new' });
    await dialog.getByRole('article', { name: `Announcement: ${TITLE}` }).getByText(BODY).waitFor();
    await new Promise((r) => setTimeout(r, 600)); // the dialog's fade-in
    await shot(office, 'office-whats-new');
    await dialog.getByRole('button', { name: 'Got it — don’t show these again' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await office.reload();
    await office.getByRole('heading', { level: 1 }).first().waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await office.getByRole('dialog', { name: 'What’s new' }).count()).toBe(0);
  });

  it('an engineer sees it on the field app’s home screen until they tap “Got it”', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    contexts.push(ctx);
    const page: Page = await ctx.newPage();
    await page.goto(`${server.url}/field/`);
    await page.getByLabel('Email or sign-in name').fill('eng2@demo.test');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    const box = page.getByRole('region', { name: 'From the office' });
    await box.getByRole('article', { name: TITLE }).getByText(BODY).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'field-announcement-360.png') });
    await box.getByRole('button', { name: `Got it: ${TITLE}` }).click();
    await box.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    await page.getByText(/^Last synced \d\d:\d\d$/).waitFor();
    expect(await page.getByRole('region', { name: 'From the office' }).count()).toBe(0);
  });

  it('the licences report counts this month’s active people by licence', async () => {
    const admin = await signInOffice(browser, server.url, 'admin@demo.test', contexts);
    // The admin's own announcement is not shown back to them: no dialog in the way.
    await admin.goto(`${server.url}/licences`);
    await admin.getByRole('heading', { level: 1, name: 'Licences' }).waitFor();
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()).slice(0, 7);
    // Admin and office signed in, an engineer's phone synced: 1 engineer, 2 office, nobody on the portal.
    const row = admin.getByRole('table', { name: new RegExp(`^Active users by month`) }).getByRole('row', { name: new RegExp(`^${month}`) });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(0, 5)).toEqual([month, '1', '2', '0', '3']);
    await admin.getByRole('table', { name: new RegExp(`^People active in ${month}`) }).getByText('Erin Evans').waitFor();
    expect(await admin.getByRole('dialog').count()).toBe(0);
    await shot(admin, 'office-licences');
  });
});
