/** Helpers shared by the office browser specs: sign in as someone, screenshots, waiting for a condition. */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, SCREENSHOTS } from './harness.js';

export const OFFICE_VIEWPORT = { width: 1440, height: 900 };

/** A fresh browser context (British locale and time zone) signed in to the office as `login`. */
export async function signInOffice(browser: Browser, url: string, login: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ viewport: OFFICE_VIEWPORT, locale: 'en-GB', timezoneId: 'Europe/London' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email or sign-in name').fill(login);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return page;
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** Waits until `check` holds (Playwright's own `expect` is not part of playwright-core). */
export async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
