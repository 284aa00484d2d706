import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startServerProcess, type ServerProcess } from './harness.js';
import { shot, signInOffice, until } from './office-helpers.js';

// The office changes what engineers are asked: the form builder with the phone's own renderer as
// live preview, publishing a new version, a draft that breaks a rule, and the reports with CSV.

const NEW_QUESTION = 'Is your first-aid kit stocked?';

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

const signIn = (login: string): Promise<Page> => signInOffice(browser, server.url, login, contexts);

describe('office: configurable forms and reports', () => {
  let office: Page;

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

  it('adds a start-of-day question, previews it with the phone renderer, and publishes version 2', async () => {
    await office.goto(`${server.url}/settings/forms`);
    await office.getByRole('heading', { level: 1, name: 'Forms' }).waitFor();
    await office.getByRole('link', { name: 'Start-of-day check' }).click();
    await office.getByRole('heading', { level: 1, name: 'Start-of-day check' }).waitFor();
    const preview = office.getByRole('region', { name: 'Live preview of version 2' });
    await preview.getByText('Do you have all your PPE with you?').waitFor();

    await office.getByRole('button', { name: 'Add question' }).click();
    const question = office.getByRole('region', { name: 'Question 6' });
    await question.getByLabel('Question 6 text').fill(NEW_QUESTION);
    expect(await question.getByLabel('Question 6 type').inputValue()).toBe('yes_no');
    expect(await question.getByLabel('Question 6 answer key').inputValue()).toBe('is_your_first_aid_kit_stocked');
    await office.getByText('No problems: this draft can be published.').waitFor();

    // The preview is live and interactive: the new question is there, and answering "No" to the
    // vehicle check shows the follow-up question and the alert the office will get.
    const added = preview.getByRole('group', { name: new RegExp(NEW_QUESTION.replace('?', '\\?')) });
    await added.waitFor();
    await added.getByRole('radio', { name: 'Yes' }).check();
    expect(await preview.getByText('Describe the vehicle or equipment defects').count()).toBe(0);
    await preview.getByRole('group', { name: /Vehicle checked/ }).getByRole('radio', { name: 'No' }).check();
    await preview.getByText('Describe the vehicle or equipment defects').waitFor();
    await preview.getByText('Vehicle defect reported at start of day').first().waitFor();
    await question.scrollIntoViewIfNeeded();
    await added.scrollIntoViewIfNeeded();
    await shot(office, 'office-form-builder');

    await office.getByRole('button', { name: 'Publish version 2' }).click();
    const dialog = office.getByRole('dialog', { name: 'Publish version 2?' });
    await dialog.getByRole('button', { name: 'Publish version 2' }).click();
    await office.getByText('Version 2 is published: phones get it at their next sync.').waitFor();
    expect(await office.getByTestId('current-version').textContent()).toBe('Current version: 2');
    await office.getByRole('region', { name: 'Live preview of version 3' }).getByText(NEW_QUESTION).waitFor();

    const history = office.getByRole('table', { name: 'Published versions' });
    await history.getByRole('row', { name: /Version 2 \(current\)/ }).waitFor();
    await history.getByRole('row', { name: /Version 1/ }).waitFor();
    await history.scrollIntoViewIfNeeded();
    await shot(office, 'office-form-version-history');

    // An old version opens read-only in the same renderer, without the new question.
    await office.getByRole('button', { name: 'View version 1' }).click();
    const old = office.getByRole('dialog', { name: 'Version 1 (read-only)' });
    await old.getByText('Do you have any symptoms of illness today?').waitFor();
    expect(await old.getByText(NEW_QUESTION).count()).toBe(0);
    expect(await old.getByRole('radio').first().isDisabled()).toBe(true);
    await shot(office, 'office-form-old-version');
    await old.getByRole('button').first().click();
    await old.waitFor({ state: 'hidden' });
  });

  it('shows a rule problem live and will not publish the draft', async () => {
    // "Describe the defects" shows only when the vehicle check is "No": moved above it, its
    // condition would look at a later question.
    await office.getByRole('button', { name: 'Move question 2 up' }).click();
    const moved = office.getByRole('region', { name: 'Question 1' });
    await moved.getByText(/A condition may only look at an earlier question; "vehicle_ok" comes later\./).first().waitFor();
    await office.getByText('1 problem to fix before publishing').waitFor();
    expect(await office.getByRole('button', { name: 'Publish version 3' }).isDisabled()).toBe(true);
    await moved.scrollIntoViewIfNeeded();
    await shot(office, 'office-form-rule-problem');

    await office.getByRole('button', { name: 'Discard changes' }).click();
    await office.getByText(/This is version 2 as published/).waitFor();
  });

  it('shows the three reports with a date range, and downloads each as CSV with a header row', async () => {
    await office.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await office.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const reports = [
      { tab: 'Start-of-day checks', slug: 'start-of-day', header: 'Engineer' },
      { tab: 'Aborted visits', slug: 'aborted-visits', header: 'Reason' },
      { tab: 'Non-productive time', slug: 'non-productive-time', header: 'Hours' },
    ];
    for (const r of reports) {
      await office.getByRole('tab', { name: r.tab }).click();
      await office.getByRole('table').getByRole('columnheader', { name: new RegExp(r.header) }).waitFor();
      await until(async () => (await office.getByLabel('Loading the report').count()) === 0, 'the report to load');
      await shot(office, `office-report-${r.slug}`);

      const href = await office.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
      expect(href).toContain(`/api/reports/${r.slug}?`);
      expect(href).toContain('format=csv');
      const res = await office.evaluate(async (url) => {
        const x = await fetch(url);
        return { status: x.status, type: x.headers.get('content-type'), disposition: x.headers.get('content-disposition'), text: await x.text() };
      }, href!);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/csv/);
      expect(res.disposition).toMatch(/attachment; filename=".+\.csv"/);
      const header = res.text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
      expect(header).toContain(`"${r.header}"`);
    }
  });

  it('adds, renames and retires an activity type', async () => {
    await office.goto(`${server.url}/settings/activity-types`);
    await office.getByRole('heading', { level: 1, name: 'Activity types' }).waitFor();
    await office.getByRole('cell', { name: 'Training', exact: true }).waitFor();
    await office.getByRole('button', { name: 'Add activity type' }).click();
    await office.getByRole('dialog').getByLabel('Name').fill('Collecting parts');
    await office.getByRole('dialog').getByRole('button', { name: 'Add activity type' }).click();
    await office.getByRole('cell', { name: 'Collecting parts', exact: true }).waitFor();
    await office.getByRole('button', { name: 'Rename Collecting parts', exact: true }).click();
    await office.getByRole('dialog').getByLabel('Name').fill('Collecting parts from a merchant');
    await office.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await office.getByRole('cell', { name: 'Collecting parts from a merchant', exact: true }).waitFor();
    await office.getByRole('button', { name: 'Retire Collecting parts from a merchant', exact: true }).click();
    await office.getByRole('button', { name: 'Restore Collecting parts from a merchant', exact: true }).waitFor();
  });

  it('shows where a risk assessment applies, and a visit’s abort reason on the job page', async () => {
    await office.goto(`${server.url}/settings/forms`);
    await office.getByRole('link', { name: 'Infection-control assessment' }).click();
    const rules = office.getByRole('list', { name: 'Rules for this form' });
    await rules.getByText(/When the site has warning “Infection risk/).waitFor();

    await office.goto(`${server.url}/jobs`);
    await office.getByRole('link', { name: 'J-000005' }).click();
    await office.getByRole('heading', { level: 1, name: 'Job J-000005' }).waitFor();
    await office.getByRole('table', { name: 'Visits' }).getByText('Reason: No access: nobody home, card left.').waitFor();
    await office.getByRole('heading', { name: 'Forms answered' }).waitFor();
  });
});
