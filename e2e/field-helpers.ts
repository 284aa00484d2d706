/** Helpers for the field app's browser tests: the office API, pictures, going offline, a killable Chromium. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { encodePng } from '../apps/field/build/png.js';
import { DEMO_PASSWORD, SCREENSHOTS } from './harness.js';

/** The server under test: set by each spec's beforeAll. */
export const target = { url: '' };

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `field-${name}.png`) });

export async function api<T>(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${target.url}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(email: string): Promise<{ token: string; user: { id: string } }> {
  const res = await api<{ token: string; user: { id: string } }>('POST', '/api/auth/login', undefined, { email, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  return res.body;
}

export interface JobDetail {
  job: { id: string };
  visits: Array<{ id: string; status: string }>;
  notes: Array<{ text: string }>;
  attachments: Array<{ id: string; visitId: string | null; kind: string; sha256: string; size: number; contentType: string }>;
}

/** The job holding a visit, found the way the office would: eng1's jobs, then each job's visits. */
export async function jobOfVisit(officeToken: string, engineerId: string, visitId: string): Promise<JobDetail> {
  const list = await api<{ jobs: Array<{ id: string }> }>('GET', `/api/jobs?engineerId=${engineerId}&limit=100`, officeToken);
  for (const j of list.body.jobs) {
    const d = await api<JobDetail>('GET', `/api/jobs/${j.id}`, officeToken);
    if (d.body.visits.some((v) => v.id === visitId)) return d.body;
  }
  throw new Error(`no job found for visit ${visitId}`);
}

/** A 2000×1500 camera-sized picture, so the phone's downscale to ≤ 1600 px is visible in the result. */
export function cameraPicture(): Buffer {
  const w = 2000;
  const h = 1500;
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) rgba.set([(x * 255) / w, (y * 255) / h, 128, 255], (y * w + x) * 4);
  }
  return encodePng(w, h, rgba);
}

/** Width and height from a JPEG's start-of-frame marker. */
export function jpegSize(buf: Buffer): { width: number; height: number } {
  expect(buf.readUInt16BE(0)).toBe(0xffd8);
  let i = 2;
  while (i < buf.length) {
    const marker = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffc2) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no JPEG frame header');
}

export async function goOffline(ctx: BrowserContext): Promise<void> {
  await ctx.setOffline(true);
  await ctx.route('**/api/**', (r) => r.abort('internetdisconnected'));
}

export async function goOnline(ctx: BrowserContext): Promise<void> {
  await ctx.unroute('**/api/**');
  await ctx.setOffline(false);
}


/**
 * Chromium on a profile folder, started by hand so the test can SIGKILL it — the phone's battery
 * dying, the OS killing the tab — and start it again on the same profile.
 */
export async function chromiumOnProfile(profile: string): Promise<{ browser: Browser; kill: () => void }> {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'];
  const proc = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${err}`)), 20_000);
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  const browser = await chromium.connectOverCDP(ws);
  const kill = () => {
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return { browser, kill };
}
