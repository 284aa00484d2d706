/**
 * Configurable forms on the phone, end to end. The office publishes a new start-of-day question
 * while the engineer's phone is signed in and then offline; after the next sync the phone asks it,
 * and the answer lands once. A risk assessment answered "not safe" stops the visit on the phone
 * (no more work on it), and the office's job page shows it aborted with the answers. The job
 * completion form (photo + signature answers, uploaded as blobs before the push) completes a visit.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, SCREENSHOTS, launchBrowser, startServerProcess, type ServerProcess } from './harness.js';
import { api, cameraPicture, goOffline, goOnline, jobOfVisit, login, target } from './field-helpers.js';

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

const formShot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `field-form-${name}.png`), fullPage: true });

interface FormSummary {
  id: string;
  kind: string;
  currentVersion: number;
}
interface FormDetail {
  definition: { id: string; version: number; kind: string; name: string; questions: Array<Record<string, unknown>> };
}
interface Submission {
  formName: string;
  kind: string;
  formVersion: number;
  visitId: string | null;
  lines: Array<{ questionId: string; question: string; answer: string }>;
  outcomes: Array<{ effect: string; message: string }>;
}
type JobPage = Omit<Awaited<ReturnType<typeof jobOfVisit>>, 'visits'> & {
  visits: Array<{ id: string; status: string; abortReason: string | null }>;
  submissions: Submission[];
};

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function signIn(page: Page) {
  await page.goto(`${server.url}/field/`);
  await page.getByLabel('Email or sign-in name').fill('eng1@demo.test');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My day' }).waitFor();
  await page.getByText(/^Last synced \d\d:\d\d$/).waitFor();
}

const answer = (page: Page, question: RegExp, choice: 'Yes' | 'No') => page.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();

async function syncNow(page: Page) {
  const status = page.getByRole('status').filter({ hasText: 'unsynced' });
  await expect.poll(() => page.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('0 unsynced');
}

async function sign(page: Page, box: { x: number; y: number; width: number; height: number }) {
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.15 + i * 0.06), box.y + box.height * (0.7 - i * 0.03));
  await page.mouse.up();
}

describe('field app: configurable forms', () => {
  it('shows a newly published start-of-day question after the next sync, and the answer lands once', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await signIn(page);
    const [office, eng1] = await Promise.all([login('office@demo.test'), login('eng1@demo.test')]);

    // The phone has the day's forms; then it loses signal.
    await goOffline(ctx);
    await page.getByText('✕ Offline').waitFor();

    // Meanwhile the office publishes version 2 of the start-of-day check with one more question.
    const list = await api<{ forms: FormSummary[] }>('GET', '/api/forms', office.token);
    const sod = list.body.forms.find((f) => f.kind === 'start_of_day')!;
    const current = await api<FormDetail>('GET', `/api/forms/${sod.id}`, office.token);
    const { kind, name, questions } = current.body.definition;
    const draft = { kind, name, questions: [...questions, { id: 'first_aid_kit', type: 'yes_no', text: 'Is your first-aid kit stocked?', required: true }] };
    const published = await api<{ definition?: { version: number } }>('POST', `/api/forms/${sod.id}/versions`, office.token, { draft });
    expect([200, 201]).toContain(published.status);

    // Offline, the phone still asks version 1.
    await page.getByRole('link', { name: /Start-of-day check — not done yet/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Start-of-day check' }).waitFor();
    await page.getByRole('group', { name: /Vehicle checked/ }).waitFor();
    expect(await page.getByText('Is your first-aid kit stocked?').count()).toBe(0);

    // Signal again: the next sync brings version 2 to the open screen.
    await goOnline(ctx);
    await syncNow(page);
    const firstAid = page.getByRole('group', { name: /Is your first-aid kit stocked\?/ });
    await firstAid.waitFor();
    expect(await firstAid.getByText('(required)').isVisible()).toBe(true);

    // Submitting with questions unanswered is refused beside each question, nothing is kept.
    await page.getByRole('button', { name: 'Submit check' }).click();
    await page.getByRole('alert').filter({ hasText: /questions need an answer/ }).waitFor();
    expect(await firstAid.getByText('This question must be answered.').isVisible()).toBe(true);

    await answer(page, /Vehicle checked/, 'Yes');
    await page.getByLabel(/Odometer reading/).fill('48213');
    await answer(page, /PPE with you/, 'Yes');
    await answer(page, /symptoms of illness/, 'No');
    await answer(page, /first-aid kit/, 'Yes');
    expect(await firstAid.getByText('This question must be answered.').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await formShot(page, 'start-of-day');
    await page.getByRole('button', { name: 'Submit check' }).click();
    await page.getByText(/✓ Start-of-day check done at \d\d:\d\d/).waitFor();
    await syncNow(page);

    // Once, under version 2, with the new answer: the office report and a fresh pull agree.
    const report = await api<{ columns: string[]; rows: string[][] }>('GET', `/api/reports/start-of-day?from=${dayOffset(-1)}&to=${dayOffset(1)}`, office.token);
    expect(report.status).toBe(200);
    const version = report.body.columns.indexOf('Version');
    expect(report.body.rows.filter((r) => r[version] === '2')).toHaveLength(1);
    const fresh = await api<{ changes: Array<{ entity: string; data: Record<string, unknown> }> }>('GET', `/api/sync/pull?clientId=e2e-forms-${Date.now()}&cursor=`, eng1.token);
    const subs = fresh.body.changes.filter((c) => c.entity === 'formSubmission' && c.data.formId === sod.id);
    expect(subs).toHaveLength(1);
    expect(subs[0]!.data.formVersion).toBe(2);
    expect(subs[0]!.data.answers).toMatchObject({ vehicle_ok: true, mileage: 48213, ppe_ok: true, symptoms: false, first_aid_kit: true });
    await ctx.close();
  });

  it('stops the visit when the risk assessment says it is unsafe; the office sees it with the answers', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await signIn(page);
    const [office, eng1] = await Promise.all([login('office@demo.test'), login('eng1@demo.test')]);
    const scheduled = page.getByRole('link').filter({ hasText: 'Status: Scheduled' });
    await expect.poll(() => scheduled.count()).toBeGreaterThanOrEqual(2);
    const href = (await scheduled.first().getAttribute('href'))!;
    const visitId = href.split('/').at(-1)!;

    await scheduled.first().click();
    await page.getByRole('region', { name: 'Forms' }).getByText(/Pre-visit risk assessment/).waitFor();
    await page.getByRole('button', { name: 'Start travelling' }).click();
    await page.getByRole('heading', { name: /Status: Travelling/ }).waitFor();
    await page.getByRole('button', { name: 'Arrived on site' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pre-visit risk assessment' }).waitFor();

    await answer(page, /safe to enter/, 'No');
    const banner = page.getByRole('alert').filter({ hasText: 'This answer stops the visit: Unsafe to enter the property' });
    await banner.waitFor();
    await page.getByLabel(/What makes it unsafe\?/).fill('Strong smell of gas at the front door');
    expect(await page.getByRole('group', { name: /unwell or self-isolating/ }).count()).toBe(0); // hidden when unsafe
    await formShot(page, 'risk-abort');
    await page.getByRole('button', { name: 'Submit and abort the visit' }).click();

    // Stopped on the phone at once, with or without signal: no more work on this visit.
    await page.getByRole('alert').filter({ hasText: 'Visit stopped by the risk assessment' }).waitFor();
    await page.getByRole('heading', { name: /Status: Aborted/ }).waitFor();
    await page.getByText('Reason: Strong smell of gas at the front door').waitFor();
    expect(await page.getByRole('button', { name: 'Save note' }).count()).toBe(0);
    expect(await page.getByLabel('Take a photo').count()).toBe(0);
    expect(await page.getByRole('button', { name: /Arrived on site|Complete visit/ }).count()).toBe(0);
    await formShot(page, 'visit-stopped');
    await syncNow(page);

    const job = (await jobOfVisit(office.token, eng1.user.id, visitId)) as JobPage;
    const visit = job.visits.find((v) => v.id === visitId)!;
    expect(visit.status).toBe('aborted');
    expect(visit.abortReason).toContain('Strong smell of gas at the front door');
    const risk = job.submissions.filter((s) => s.visitId === visitId && s.kind === 'risk_assessment');
    expect(risk).toHaveLength(1);
    expect(risk[0]!.lines.find((l) => l.questionId === 'safe_access')?.answer).toBe('No');
    expect(risk[0]!.lines.find((l) => l.questionId === 'unsafe_reason')?.answer).toBe('Strong smell of gas at the front door');
    expect(risk[0]!.outcomes.map((o) => o.effect)).toContain('abort_visit');
    await ctx.close();

    // …and the office's job page says so in words, with the answers, as a planner sees it.
    const officePage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await officePage.goto(`${server.url}/sign-in`);
    await officePage.getByLabel('Email or sign-in name').fill('office@demo.test');
    await officePage.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await officePage.getByRole('button', { name: 'Sign in' }).click();
    await officePage.getByRole('heading', { level: 1, name: 'Office home' }).waitFor();
    await officePage.goto(`${server.url}/jobs/${job.job.id}`);
    await officePage.getByText('Aborted by risk assessment').first().waitFor();
    await officePage.getByRole('heading', { name: 'Forms answered' }).waitFor();
    await officePage.getByText('Strong smell of gas at the front door').first().waitFor();
    await officePage.screenshot({ path: path.join(SCREENSHOTS, 'office-job-aborted-by-risk-assessment.png'), fullPage: true });
    await officePage.close();
  });

  it('asks the job completion form when completing, with a photo and a signature uploaded before the answers', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await signIn(page);
    const [office, eng1] = await Promise.all([login('office@demo.test'), login('eng1@demo.test')]);
    const scheduled = page.getByRole('link').filter({ hasText: 'Status: Scheduled' });
    await expect.poll(() => scheduled.count()).toBeGreaterThanOrEqual(1);
    const visitId = (await scheduled.first().getAttribute('href'))!.split('/').at(-1)!;
    await scheduled.first().click();

    // Work cannot start before the risk assessment: "Arrived on site" opens it.
    await page.getByRole('button', { name: 'Arrived on site' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pre-visit risk assessment' }).waitFor();
    await answer(page, /safe to enter/, 'Yes');
    await answer(page, /unwell or self-isolating/, 'No');
    await answer(page, /any hazards/, 'No');
    await page.getByRole('button', { name: 'Submit and start work' }).click();
    await page.getByRole('heading', { name: /Status: On site/ }).waitFor();

    await page.getByRole('button', { name: 'Complete visit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Job completion' }).waitFor();
    await answer(page, /Is the work complete\?/, 'Yes');
    await page.getByRole('status').filter({ hasText: 'A photo is needed: Photograph the finished work' }).waitFor();
    await answer(page, /follow-on work needed/, 'No');
    const photos = page.getByRole('group', { name: /Photos of the work/ });
    expect(await photos.getByText('(required)').isVisible()).toBe(true);
    await photos.getByLabel('Take a photo').setInputFiles({ name: 'done.png', mimeType: 'image/png', buffer: cameraPicture() });
    await photos.getByRole('img', { name: /Photo 1 for/ }).waitFor();
    await page.getByLabel(/Customer name/).fill('Mrs P. Okafor');
    const sigGroup = page.getByRole('group', { name: /Customer signature/ });
    const pad = sigGroup.getByRole('img', { name: /Signature box/ });
    await pad.scrollIntoViewIfNeeded();
    await sign(page, (await pad.boundingBox())!);
    await sigGroup.getByRole('button', { name: 'Use this signature' }).click();
    await sigGroup.getByRole('img', { name: /Signature for/ }).waitFor();
    await formShot(page, 'job-completion');
    await page.getByRole('button', { name: 'Submit and complete the visit' }).click();
    await page.getByRole('heading', { name: /Status: Completed/ }).waitFor();
    await syncNow(page);

    const job = (await jobOfVisit(office.token, eng1.user.id, visitId)) as JobPage;
    expect(job.visits.find((v) => v.id === visitId)?.status).toBe('completed');
    const done = job.submissions.filter((s) => s.visitId === visitId && s.kind === 'job_completion');
    expect(done).toHaveLength(1);
    const line = (id: string) => done[0]!.lines.find((l) => l.questionId === id)?.answer;
    expect([line('work_completed'), line('completion_photos'), line('customer_name'), line('customer_signature')]).toEqual(['Yes', '1 photo', 'Mrs P. Okafor', 'Signed']);
    await ctx.close();
  });
});
