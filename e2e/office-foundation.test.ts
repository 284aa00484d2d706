/**
 * The foundation as a person meets it: the built server started with `serve --demo`, the office
 * app in Chromium (sign-in, users with the no-email flag, a password reset through the emailed
 * link), the field app on a 360 px phone, and the same server on PostgreSQL.
 */
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, latestMail, launchBrowser, SCREENSHOTS, startServerProcess, waitFor, type ServerProcess } from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser?.close());

async function signIn(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email or sign-in name').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('office and field app on SQLite', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => server?.stop());

  it('prints the demo sign-ins on first start and serves the office page', async () => {
    expect(server.output()).toContain('admin@demo.test');
    expect(server.output()).toContain(DEMO_PASSWORD);
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
  });

  it('signs the admin in to the office home and shows users without email flagged', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await expect.poll(() => page.url()).toContain('/sign-in');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'office-sign-in.png') });
    await signIn(page, server.url, 'admin@demo.test', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Office home' }).waitFor();
    expect(await page.getByText('Demo Contracting Ltd').first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'office-home.png') });

    await page.goto(`${server.url}/admin/users`);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const row = page.getByRole('row', { name: /Sam Apprentice/ });
    await expect.poll(() => row.getByText('No email — cannot reset password').isVisible()).toBe(true);
    expect(await page.getByRole('row', { name: /Alex Admin/ }).getByText('No email — cannot reset password').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'office-users.png'), fullPage: true });
    await page.close();
  });

  it('resets a forgotten password through the emailed link (no SMTP: mail kept in the data folder)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}/reset-password`);
    await page.getByLabel('Email address').fill('eng2@demo.test');
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await page.getByText(/a reset link is on its way/).waitFor();
    const mail = await waitFor(() => {
      const m = latestMail(server.dataDir);
      return m?.includes('eng2@demo.test') ? m : undefined;
    }, 'the reset email');
    const link = /http\S+\/reset-password\?token=[\w-]+/.exec(mail)?.[0];
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByLabel('New password').fill('a-fresh-passphrase-2');
    await page.getByLabel('Confirm password').fill('a-fresh-passphrase-2');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText(/password (has been|is) (changed|set)/i).waitFor();
    await signIn(page, server.url, 'eng2@demo.test', DEMO_PASSWORD);
    await page.getByRole('alert').filter({ hasText: /do not match/ }).waitFor();
    await signIn(page, server.url, 'eng2@demo.test', 'a-fresh-passphrase-2');
    await page.getByRole('heading', { level: 1, name: 'Use the field app' }).waitFor();
    await page.close();
  });

  it('signs an engineer in to the field app on a 360 px phone', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/field/`);
    await page.getByRole('heading', { level: 1, name: 'Fieldkeep — sign in' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'field-sign-in-360.png') });
    await page.getByLabel('Email or sign-in name').fill('eng1@demo.test');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
    expect(await page.getByText('Ellis Engineer').first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'field-my-day-360.png') });
    // Nothing wider than the phone: no sideways scrolling with one thumb.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await ctx.close();
  });
});

describe('the same server on PostgreSQL', () => {
  const schema = `e2e_${Math.random().toString(36).slice(2, 10)}`;
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let server: ServerProcess;
  beforeAll(async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    server = await startServerProcess({ DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await server?.stop();
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
  });

  it('serves the office on PostgreSQL with nothing else changed', async () => {
    expect(server.output()).toContain('(data: PostgreSQL)');
    const page = await browser.newPage();
    await signIn(page, server.url, 'office@demo.test', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Office home' }).waitFor();
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    await page.close();
  });
});
