import path from 'node:path';
import { addDays, localDate } from '@fieldkeep/domain';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS, startServerProcess, type ServerProcess } from './harness.js';
import { shot, signInOffice, until } from './office-helpers.js';

// The office's daily work in a real browser against `fieldkeep serve --demo`: raise a job at a site
// that must be attended in pairs, see the board refuse one engineer and accept two, and check that
// the client portal shows only the client's own jobs, without warnings.

const SITE = 'Flat 3, 14 Canal Street';
const DESCRIPTION = 'E2E-7431: loft hatch hinge snapped, make safe';

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

const signIn = (login: string): Promise<Page> => signInOffice(browser, server.url, login, contexts);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An engineer's time line on the day board (its label starts with the engineer's name). */
const engineerRow = (page: Page, name: string): Locator => page.getByRole('cell', { name: new RegExp(`^${escape(name)}, `) });

describe('office: jobs and dispatch', () => {
  let office: Page;
  let reference = '';
  let engineers: string[] = [];
  const tomorrow = addDays(localDate(new Date(), 'Europe/London'), 1);

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
    office = await signIn('office@demo.test');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('raises a job at a site that needs two engineers, showing its warnings before saving', async () => {
    await office.goto(`${server.url}/jobs`);
    await office.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await office.getByRole('table').getByRole('link').first().waitFor();
    await shot(office, 'office-jobs-list');

    await office.getByRole('link', { name: 'Raise job' }).click();
    await office.getByRole('heading', { level: 1, name: 'Raise job' }).waitFor();
    await office.getByRole('textbox', { name: 'Site' }).fill('Canal Street');
    await office.getByRole('option', { name: new RegExp(`^${escape(SITE)}`) }).click();

    // Before anything is saved: the site's warning and what the rules will require.
    const warnings = office.getByRole('region', { name: 'Warnings at this site' });
    await warnings.getByText('Attend in pairs').first().waitFor();
    const needs = office.getByRole('region', { name: 'What allocation will require' });
    await needs.getByText(/Needs 2 engineers: Attend in pairs/).waitFor();
    await office.getByLabel('Description').fill(DESCRIPTION);
    await office.getByLabel('Priority').selectOption({ label: 'High' });
    await shot(office, 'office-raise-job-warnings');

    await office.getByRole('button', { name: 'Save job' }).click();
    const title = office.getByRole('heading', { level: 1, name: /^Job J-\d+$/ });
    await title.waitFor();
    reference = (await title.textContent())!.replace('Job ', '');
    await office.getByRole('region', { name: 'Warnings at this site' }).getByText('Attend in pairs').first().waitFor();

    // One note for the office only and one the client may read.
    const addNote = async (text: string, clientVisible: boolean) => {
      const box = office.getByLabel('New note');
      await box.fill(text);
      if (clientVisible) await office.getByLabel('Visible to client').check();
      await office.getByRole('button', { name: 'Add note' }).click();
      await until(async () => (await box.inputValue()) === '', 'the note to be saved');
      await office.getByRole('region', { name: 'Notes' }).getByText(text).waitFor();
    };
    await addNote('Internal: tenant owes rent, do not discuss', false);
    await addNote('We will attend tomorrow with two engineers.', true);
    await shot(office, 'office-job-page');
  });

  it('refuses one engineer on the board with the reason, then books two', async () => {
    await office.goto(`${server.url}/dispatch?date=${tomorrow}`);
    await office.getByRole('heading', { level: 1, name: 'Dispatch board' }).waitFor();
    const needsWork = office.getByRole('list', { name: 'Who needs more work tomorrow' });
    await needsWork.getByRole('listitem').first().waitFor();
    await shot(office, 'office-board-tomorrow');
    await office.getByRole('region', { name: 'Who needs more work tomorrow' }).screenshot({ path: path.join(SCREENSHOTS, 'office-tomorrow-panel.png') });

    // The two engineers with the most free time tomorrow (the panel lists them first).
    const lines = await needsWork.getByRole('listitem').allTextContents();
    engineers = lines.slice(0, 2).map((l) => l.split(':')[0]!.trim());
    expect(engineers).toHaveLength(2);

    // Drag the job from the side list onto the first engineer's row, near 09:00 (the moves in
    // between let Chromium start a real HTML5 drag).
    const card = office.getByRole('listitem', { name: new RegExp(`^${reference},`) });
    const row = engineerRow(office, engineers[0]!);
    const box = (await row.boundingBox())!;
    await card.dragTo(row, { targetPosition: { x: box.width * (2.1 / 12), y: 20 }, steps: 10 });

    const dialog = office.getByRole('dialog', { name: `Allocate ${reference}` });
    await dialog.waitFor();
    await dialog.getByText(/Attend in pairs: needs at least 2 engineers/).first().waitFor();
    await dialog.getByText(/Refused: needs 2 engineers, 1 chosen/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Allocate' }).isDisabled()).toBe(true);
    await shot(office, 'office-allocation-refused');

    // Add the second engineer right in the dialog; the rules are checked again at once.
    await dialog.getByLabel('Add another engineer').selectOption({ label: engineers[1]! });
    await dialog.getByText('Allowed', { exact: true }).or(dialog.getByRole('checkbox', { name: /I have read this/ }).first()).first().waitFor();
    for (const box of await dialog.getByRole('checkbox', { name: /I have read this/ }).all()) await box.check();
    const allocate = dialog.getByRole('button', { name: 'Allocate' });
    await until(async () => !(await allocate.isDisabled()), 'the Allocate button to be enabled');
    await allocate.click();
    await dialog.waitFor({ state: 'detached' });
    await office.getByText(new RegExp(`${reference} is booked for`)).waitFor();

    // The visit is on the board in both engineers' rows.
    for (const name of engineers) {
      await engineerRow(office, name).getByRole('link', { name: new RegExp(`^${reference},`) }).waitFor();
    }
    await office.getByRole('list', { name: 'Unallocated jobs' }).getByRole('listitem', { name: new RegExp(`^${reference},`) }).waitFor({ state: 'detached' });
    await shot(office, 'office-board-day');

    await office.getByText('Week', { exact: true }).click();
    await office.getByRole('table', { name: /Engineers' week from/ }).waitFor();
    await office.getByRole('table', { name: /Engineers' week from/ }).getByRole('link', { name: new RegExp(`^${reference},`) }).first().waitFor();
    await shot(office, 'office-board-week');
  });

  it('finds the job with the jobs list search and filters', async () => {
    await office.goto(`${server.url}/jobs`);
    await office.getByLabel('Search jobs').fill('E2E-7431');
    await office.getByRole('table').getByRole('link', { name: reference }).waitFor();
    await until(async () => (await office.getByRole('table').getByRole('link', { name: /^J-\d+$/ }).count()) === 1, 'the search to narrow the list');

    await office.getByLabel('Search jobs').fill('');
    await office.getByLabel('Status').selectOption({ label: 'Scheduled' });
    await office.getByLabel('Engineer').selectOption({ label: engineers[1]! });
    await office.getByRole('table').getByRole('link', { name: reference }).waitFor();
    const statuses = await office.getByRole('table').locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(new Set(statuses)).toEqual(new Set(['scheduled']));
  });

  it('shows the site page with its warnings, assets and jobs', async () => {
    await office.goto(`${server.url}/sites`);
    await office.getByLabel('Search sites').fill('Canal');
    await office.getByRole('link', { name: SITE }).click();
    await office.getByRole('heading', { level: 1, name: SITE }).waitFor();
    await office.getByRole('region', { name: 'Warnings at this site' }).getByText('Attend in pairs').first().waitFor();
    await office.getByRole('link', { name: reference }).waitFor();
    await shot(office, 'office-site-page');
  });

  it('shows the rules in plain words and an import file’s row errors (admin)', async () => {
    const admin = await signIn('admin@demo.test');
    await admin.goto(`${server.url}/settings/rules`);
    await admin.getByRole('heading', { level: 1, name: 'Allocation rules' }).waitFor();
    await admin.getByText(/When a site has “Attend in pairs” → require 2 engineers/).waitFor();
    await shot(admin, 'office-rules-settings');

    await admin.goto(`${server.url}/imports`);
    await admin.getByLabel('Sites').check();
    const csv = [
      'client,name,address1,postcode',
      'Riverside Homes,Flat 9 Canal Street,14 Canal Street,LS11 5QR',
      'Nobody Homes,1 Nowhere Lane,1 Nowhere Lane,LS1 1AA',
      'Riverside Homes,,2 Canal Street,!!',
    ].join('\n');
    // Mantine's file picker is a button beside a hidden file input.
    await admin.locator('input[type=file]').setInputFiles({ name: 'sites.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await admin.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    await admin.getByRole('button', { name: 'Check file' }).click();
    const errors = admin.getByRole('table', { name: 'Rows with errors' });
    await errors.waitFor();
    await errors.getByRole('cell', { name: 'client', exact: true }).first().waitFor();
    await errors.getByRole('cell', { name: 'postcode', exact: true }).first().waitFor();
    expect(await admin.getByRole('button', { name: 'Import' }).isDisabled()).toBe(true);
    await shot(admin, 'office-import-errors');
  });

  it('shows a client user only its own organisation’s jobs, without warnings or internal notes', async () => {
    const client = await signIn('client@demo.test');
    await client.getByRole('heading', { level: 1, name: 'Northside Housing Association portal' }).waitFor();
    // No office navigation for clients.
    const nav = client.getByRole('navigation', { name: 'Main' });
    for (const item of ['Jobs', 'Dispatch', 'Sites', 'Settings']) expect(await nav.getByText(item, { exact: true }).count()).toBe(0);

    const table = client.getByRole('table', { name: /Your jobs/ });
    await table.waitFor();
    await until(
      async () => (await table.getByRole('link', { name: reference }).count()) === 1,
      `${reference} (raised at a Northside site) in client@demo.test's portal — the demo's client user must belong to the Northside client that owns the demo sites`,
    );
    // Every job listed is at one of the client's own sites.
    const own = await office.evaluate(async () => {
      const res = await fetch('/api/jobs?limit=200');
      const body = (await res.json()) as { jobs: Array<{ reference: string; clientName: string }> };
      return body.jobs.filter((j) => j.clientName !== 'Northside Housing Association').map((j) => j.reference);
    });
    const shown = await table.getByRole('link', { name: /^J-\d+$/ }).allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((r) => own.includes(r))).toEqual([]);
    expect(await client.getByText(/warning/i).count()).toBe(0);
    await shot(client, 'client-portal');

    await table.getByRole('link', { name: reference }).click();
    await client.getByRole('heading', { level: 1, name: `Job ${reference}` }).waitFor();
    await client.getByText('We will attend tomorrow with two engineers.').waitFor();
    expect(await client.getByText(/Internal: tenant owes rent/).count()).toBe(0);
    expect(await client.getByText(/Attend in pairs|warning/i).count()).toBe(0);
  });
});
