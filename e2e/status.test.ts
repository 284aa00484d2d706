/**
 * The status page as an admin (or the contractor's IT person) meets it: the built server with real
 * SMTP, a nightly-backup folder, a backup made and verified with the `fieldkeep` command, and the
 * integrity check started from the page — all green; then faults injected (the mail server refuses
 * mail for good; a phone sends a change the server refuses): red first, each with what to do, and
 * mended from the page (Resend; open the device, mark its refused change as dealt with).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../apps/server/src/testing/smtp.js';
import { DEMO_PASSWORD, launchBrowser, ROOT, SCREENSHOTS, startServerProcess, type ServerProcess } from './harness.js';
import { shot, signInOffice, until } from './office-helpers.js';

const PASSPHRASE = 'a long backup passphrase for the e2e run';

async function api<T>(base: string, method: string, url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const signInApi = async (base: string, login: string) => (await api<{ token: string }>(base, 'POST', '/api/auth/login', undefined, { email: login, password: DEMO_PASSWORD })).body.token;

/** The status of one item as the page shows it (its card carries data-status). */
const itemStatus = (page: Page, key: string) => page.locator(`section[data-item="${key}"]`).getAttribute('data-status');

describe('status page', () => {
  let browser: Browser;
  let server: ServerProcess;
  let smtp: SmtpCapture;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-e2e-status-'));
  const backups = path.join(tmp, 'backups');

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    browser = await launchBrowser();
    server = await startServerProcess({ SMTP_URL: smtp.url, FIELDKEEP_BACKUP_DIR: backups, FIELDKEEP_BACKUP_PASSPHRASE: PASSPHRASE });
    // A backup made and verified from the command line, as an operator would after setting up.
    const env = { ...process.env, FIELDKEEP_DATA_DIR: server.dataDir, FIELDKEEP_BACKUP_PASSPHRASE: PASSPHRASE, LOG_LEVEL: 'warn' };
    const bin = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
    for (const args of [['backup', 'create', '--to', backups], ['backup', 'verify', '--from', backups]]) {
      const r = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is all green on a healthy server, with the integrity check run from the page', async () => {
    page = await signInOffice(browser, server.url, 'admin@demo.test', contexts);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { level: 1, name: 'Status' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Database integrity' }).waitFor();
    await page.getByRole('button', { name: 'Run the check now' }).click();
    await until(async () => (await page.getByText('Database check finished').count()) > 0, 'the integrity check to finish', 60_000);
    await page.getByText(/Checked just now \(took [\d.]+ s\): no problems found\./).waitFor();
    expect(await page.getByTestId('status-headline').textContent()).toBe('Everything is working');
    for (const key of ['messages', 'devices', 'backups', 'replication', 'integrity', 'disk', 'outbox', 'server_errors']) {
      expect(await itemStatus(page, key), key).toBe('green');
    }
    expect(await itemStatus(page, 'integrations')).toBe('grey');
    await page.getByText(/^Last backup just now \(.+\), restored and checked\. Next in/).waitFor();
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-healthy.png'), fullPage: true });
  });

  it('shows an email the mail server refused and a phone change the server refused in red, first, with what to do', async () => {
    const base = server.url;
    const admin = await signInApi(base, 'admin@demo.test');
    smtp.refuse(550, 'rcpt');
    const created = await api(base, 'POST', '/api/users', admin, { name: 'Priya New', email: 'priya.new@demo.test', role: 'office' });
    expect(created.status).toBe(201);

    const eng = await signInApi(base, 'eng1@demo.test');
    const pushed = await api<{ lastMutationId: number }>(base, 'POST', '/api/sync/push', eng, {
      protocolVersion: 1,
      clientId: 'eng1-phone-e2e-0001',
      appVersion: '1.0.3',
      mutations: [{ id: 1, name: 'jobNote.add', args: { id: '01a40000-0000-7000-8000-000000000001', jobId: '01a40000-0000-7000-8000-000000000002', at: new Date().toISOString() } }],
    });
    expect(pushed.status).toBe(200);

    await until(async () => {
      await page.getByRole('button', { name: 'Check again' }).click();
      await page.waitForTimeout(300);
      return (await itemStatus(page, 'messages')) === 'red' && (await itemStatus(page, 'devices')) === 'red';
    }, 'messages and devices to turn red', 30_000);
    expect(await page.getByTestId('status-headline').textContent()).toBe('2 things need action now');
    // Red items come first.
    const order = await page.locator('section[data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(order.slice(0, 2)).toEqual(['red', 'red']);
    await page.getByText(/1 email could not be sent and was given up on/).waitFor();
    await page.getByText(/1 device with refused changes waiting for the office \(data\)/).waitFor();
    await page.getByRole('button', { name: /^Resend: To priya\.new@demo\.test/ }).waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'status-faults.png'), fullPage: true });
  });

  it('mends both from the page: Resend once the mail server is back; the device opened and its refused change dealt with', async () => {
    smtp.accept();
    await page.getByRole('button', { name: /^Resend: To priya\.new@demo\.test/ }).click();
    await page.getByText(/Resend: done/).waitFor();
    await until(async () => smtp.received.some((m) => m.rcptTo.includes('priya.new@demo.test')), 'the invitation to be sent', 20_000);

    await page.getByRole('link', { name: /^Open the device: / }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText('Refused changes (data)').waitFor();
    await drawer.getByRole('table', { name: 'Refused changes' }).getByText('jobNote.add').waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'status-device');
    await drawer.getByRole('button', { name: 'Mark refused changes as dealt with' }).click();
    await page.getByRole('dialog', { name: 'Mark the refused changes as dealt with?' }).getByRole('button', { name: 'Mark as dealt with' }).click();
    await drawer.getByText('1 refused change marked as dealt with.').waitFor();
    await page.getByRole('button', { name: 'Close device' }).click();

    await until(async () => {
      await page.getByRole('button', { name: 'Check again' }).click();
      await page.waitForTimeout(300);
      return (await page.getByTestId('status-headline').textContent()) === 'Everything is working';
    }, 'the page to be green again', 30_000);
  });

  it('answers monitoring: /api/status and /metrics with a replication token only', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const made = spawnSync(process.execPath, [path.join(ROOT, 'apps/server/bin/fieldkeep.js'), 'token', 'create', '--replication', '--name', 'prometheus'], {
      env: { ...process.env, FIELDKEEP_DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
    const token = made.stdout.trim().split('\n').at(-1)!;
    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^fieldkeep_status_overall 0$/m);
    expect(text).toMatch(/^fieldkeep_backup_last_verify_ok 1$/m);
    const status = await api<{ view: string; status: string }>(server.url, 'GET', '/api/status', token);
    expect(status.body).toMatchObject({ view: 'server', status: 'green' });
  });
});
