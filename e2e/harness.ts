import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { spawnServer } from '../apps/server/src/testing/server-process.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SCREENSHOTS = path.join(ROOT, 'e2e', 'screenshots');
export const DEMO_PASSWORD = 'demo-password-e2e';

export interface ServerProcess {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the built server the way a person does (`fieldkeep serve --demo`), on a free port and a
 * fresh data folder, and waits for it to say where it is.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fk-e2e-'));
  const server = await spawnServer({ PORT: '0', FIELDKEEP_DATA_DIR: dataDir, ...env }, ['--demo', '--demo-password', DEMO_PASSWORD]);
  return {
    url: server.url,
    dataDir,
    output: () => server.output(),
    async stop() {
      await server.kill('SIGTERM');
      await server.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/** The newest `.eml` the server kept in its data folder (no SMTP configured), decoded enough to read a link. */
export function latestMail(dataDir: string): string | undefined {
  const dir = path.join(dataDir, 'mail');
  if (!fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  if (!files[0]) return undefined;
  return fs.readFileSync(path.join(dir, files[0].f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

export async function waitFor<T>(fn: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
