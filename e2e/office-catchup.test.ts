/**
 * Catch-up after an outage, as the office meets it: the built server (`fieldkeep serve --demo`),
 * Ellis Engineer's phone has synced a visit as completed with its own times; the office types in the
 * paper job sheet with other times and a note. The clash is shown side by side with the choices;
 * the office keeps the paper's times; both entries are saved and the visit carries the paper times.
 * The admin's audit log marks them "entered after the outage".
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, startServerProcess, type ServerProcess } from './harness.js';
import { shot, signInOffice, until } from './office-helpers.js';

const NOTE = 'E2E-7731: sheet says customer wants a quote for a new mixer tap';

let server: ServerProcess;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function api<T>(method: string, url: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** "HH:MM" in London (the demo tenant's zone) of an instant. */
const london = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
const addMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

describe('office: catch-up after an outage', () => {
  let office: Page;
  let visit: { id: string; startsAt: string; jobId: string };
  let reference = '';
  let phoneArrived = '';

  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
    // The phone's side, through the sync API as the field app does it.
    const eng = await api<{ token: string; user: { id: string; timeZone: string } }>('POST', '/api/auth/login', undefined, { email: 'eng1@demo.test', password: DEMO_PASSWORD });
    const officeToken = (await api<{ token: string }>('POST', '/api/auth/login', undefined, { email: 'office@demo.test', password: DEMO_PASSWORD })).token;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const jobs = await api<{ jobs: Array<{ id: string; reference: string }> }>('GET', `/api/jobs?engineerId=${eng.user.id}&limit=200`, officeToken);
    for (const j of jobs.jobs) {
      const detail = await api<{ visits: Array<{ id: string; startsAt: string; status: string; engineers: Array<{ id: string }> }> }>('GET', `/api/jobs/${j.id}`, officeToken);
      const v = detail.visits.find((x) => x.status === 'scheduled' && x.engineers.some((e) => e.id === eng.user.id) && new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(x.startsAt)) === today);
      if (v) {
        visit = { id: v.id, startsAt: v.startsAt, jobId: j.id };
        reference = j.reference;
        break;
      }
    }
    if (!visit) throw new Error('the demo has no visit today for eng1');
    phoneArrived = addMinutes(visit.startsAt, 4);
    await api('POST', '/api/sync/push', eng.token, {
      protocolVersion: 1,
      clientId: 'e2e-catchup-phone',
      mutations: [
        { id: 1, name: 'visit.setStatus', args: { visitId: visit.id, status: 'on_site', at: phoneArrived } },
        { id: 2, name: 'visit.setStatus', args: { visitId: visit.id, status: 'completed', at: addMinutes(visit.startsAt, 95) } },
      ],
    });
    office = await signInOffice(browser, server.url, 'office@demo.test', contexts);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the paper sheet beside what the phone synced, and saves the paper times when told', async () => {
    await office.goto(`${server.url}/catchup`);
    await office.getByRole('heading', { level: 1, name: 'Catch-up after an outage' }).waitFor();
    const form = office.getByRole('form', { name: 'Add a paper entry' });

    // The visit as written on the sheet: arrived 15 minutes in, left after 80, completed.
    const paperArrived = london(addMinutes(visit.startsAt, 15));
    const paperLeft = london(addMinutes(visit.startsAt, 80));
    await form.getByRole('radio', { name: 'Visit times and outcome' }).check();
    await form.getByLabel('Job number').fill(reference);
    await form.getByLabel('Engineer').selectOption({ label: 'Ellis Engineer' });
    await form.getByLabel('Arrived').fill(paperArrived);
    await form.getByLabel('Left').fill(paperLeft);
    await form.getByLabel('Outcome', { exact: true }).selectOption('completed');
    await form.getByRole('button', { name: 'Add to the list' }).click();

    // And a note from the same sheet.
    await form.getByRole('radio', { name: 'Job note' }).check();
    await form.getByLabel('Job number').fill(reference);
    await form.getByLabel('Written by').selectOption({ label: 'Ellis Engineer' });
    await form.getByLabel('Note', { exact: true }).fill(NOTE);
    await form.getByRole('button', { name: 'Add to the list' }).click();

    const entries = office.getByRole('list', { name: 'Entries to save' });
    const first = entries.getByRole('listitem', { name: 'Entry 1' });
    await first.getByText('Clashes with what the phone synced: choose below').waitFor();
    await entries.getByRole('listitem', { name: 'Entry 2' }).getByText('Will be added').waitFor();
    const side = first.getByRole('table', { name: 'Entry 1: synced and paper values' });
    const arrivedRow = side.getByRole('row', { name: /Arrived/ });
    expect(await arrivedRow.textContent()).toContain(london(phoneArrived));
    expect(await arrivedRow.textContent()).toContain(paperArrived);
    expect(await arrivedRow.textContent()).toContain('Differs');
    expect(await office.getByRole('button', { name: 'Save 2 entries' }).isDisabled()).toBe(true);
    await office.getByText('Choose what to keep for 1 entry that clashes with synced values.').waitFor();
    await first.scrollIntoViewIfNeeded();
    await shot(office, 'office-catchup-conflict');

    await first.getByRole('radio', { name: 'Use the paper values (the phone’s stay in the audit log)' }).check();
    await office.getByRole('button', { name: 'Save 2 entries' }).click();
    await office.getByRole('status').filter({ hasText: '2 entries were recorded as entered after the outage' }).waitFor();
    await shot(office, 'office-catchup-saved');

    // The job page shows the paper's arrival for Ellis and the note.
    await office.goto(`${server.url}/jobs/${visit.jobId}`);
    await office.getByText(NOTE).waitFor();
    await until(async () => (await office.getByText(paperArrived).count()) > 0, 'the paper arrival time on the job page');
  });

  it('lists the entries in the admin’s audit log as entered after the outage', async () => {
    const admin = await signInOffice(browser, server.url, 'admin@demo.test', contexts);
    await admin.goto(`${server.url}/admin/audit`);
    await admin.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await admin.getByLabel('Filter entries').fill('enteredAfterOutage: true');
    const table = admin.getByRole('table', { name: 'Audit entries' });
    await table.getByText('Visit updated').first().waitFor();
    await table.getByText('Job note added').first().waitFor();
    expect(await table.getByText(/enteredAfterOutage: true, paperDate: \d{4}-\d{2}-\d{2}/).count()).toBe(2);
    await shot(admin, 'office-catchup-audit');
  });
});
