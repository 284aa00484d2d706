import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../cli/cli.js';
import { openDatabase } from '../db/database.js';
import { seedDemo } from '../demo/demo.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { registerExportCommands } from './export.cli.js';

/** `fieldkeep export` then `fieldkeep import` into another data folder, as an operator runs them. */
describe('fieldkeep export / import', () => {
  let s: TestServer;
  const dirs: string[] = [];
  const tmp = (label: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), `fk-export-cli-${label}-`));
    dirs.push(d);
    return d;
  };
  const run = async (env: NodeJS.ProcessEnv, args: string[]) => {
    const program = new Command().exitOverride();
    registerExportCommands(program, { LOG_LEVEL: 'silent', ...env });
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(args, { from: 'user' });
      return out.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  };

  beforeAll(async () => {
    s = await startTestServer('sqlite', { label: 'export-cli' });
    await seedDemo(s.ctx, 'demo-password-cli');
  });
  afterAll(async () => {
    await s?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('exports a tenant into a folder and imports it into an empty server; a second import is refused', async () => {
    const folder = path.join(tmp('out'), 'demo');
    const exported = await run({ FIELDKEEP_DATA_DIR: s.testDb.dataDir }, ['export', '--tenant', 'demo', '--to', folder]);
    expect(exported).toMatch(/^Exported Demo Contracting Ltd \(demo\): \d+ tables, \d+ rows, 0 files → /);
    expect(fs.existsSync(path.join(folder, 'manifest.json'))).toBe(true);
    await expect(run({ FIELDKEEP_DATA_DIR: s.testDb.dataDir }, ['export', '--tenant', 'demo', '--to', folder])).rejects.toThrow(/is not empty/);
    await expect(run({ FIELDKEEP_DATA_DIR: s.testDb.dataDir }, ['export', '--tenant', 'nope', '--to', tmp('x')])).rejects.toThrow(CliError);

    const target = tmp('target');
    const imported = await run({ FIELDKEEP_DATA_DIR: target }, ['import', '--from', folder]);
    expect(imported).toMatch(/^Imported Demo Contracting Ltd as demo: \d+ tables, \d+ rows/);
    const db = openDatabase({ databaseUrl: undefined, dataDir: target });
    try {
      const users = await db.db.selectFrom('users').select('login').orderBy('login').execute();
      expect(users.map((u) => u.login)).toContain('admin@demo.test');
    } finally {
      await db.close();
    }
    await expect(run({ FIELDKEEP_DATA_DIR: target }, ['import', '--from', folder, '--slug', 'demo-2'])).rejects.toThrow(/already has the tenant Demo Contracting Ltd/);
    await expect(run({ FIELDKEEP_DATA_DIR: target }, ['import', '--from', tmp('empty')])).rejects.toThrow(/has no manifest\.json/);
  });
});
