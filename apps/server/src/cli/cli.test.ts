import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../testing/dialects.js';

// These tests run the built CLI as a user would (`npm run build` makes apps/server/dist).
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = path.join(ROOT, 'apps/server/bin/fieldkeep.js');
const RUN_LIMIT_MS = 60_000;
const START_LIMIT_MS = 30_000;
const DEMO_PASSWORD = 'demo-password-1';

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** A clean environment: nothing from the caller's shell leaks in (no DATABASE_URL, no PORT). */
const baseEnv = (env: Record<string, string | undefined>): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME ?? os.tmpdir(),
  LOG_LEVEL: 'warn',
  ...env,
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to completion (killed if it outlives RUN_LIMIT_MS). */
function run(args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Serving {
  url: string;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within the limit; answers the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `fieldkeep serve …` on a free port and waits for its "running at" line. */
function serve(args: string[], env: Record<string, string | undefined>): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: ROOT,
    env: baseEnv({ PORT: '0', HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`fieldkeep serve ${why}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${START_LIMIT_MS} ms`), START_LIMIT_MS);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Fieldkeep is running at (\S+)/.exec(stdout);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], output: () => stdout, stop });
      }
    });
  });
}

const signIn = (url: string, login: string, password: string) =>
  fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: login, password }) });

const tmpDir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `fk-cli-${label}-`));

beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'apps/server/dist/cli/main.js')), 'the server is not built: run `npm run build` first').toBe(true);
});

describe('fieldkeep CLI: usage and configuration', () => {
  it('lists its commands in --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'demo', 'user', 'tenant']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    const user = await run(['user', '--help']);
    expect(user.code).toBe(0);
    for (const cmd of ['add', 'list', 'set-password']) expect(user.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('exits 2 with the usage when no command or no subcommand is given, 0 when help is asked for', async () => {
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Usage: fieldkeep/);
    const noSub = await run(['user']);
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toMatch(/Usage: fieldkeep user/);
    expect((await run(['help'])).code).toBe(0);
  });

  it('exits 2 on an unknown command or a missing required option', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const missing = await run(['demo']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--password/);
  });

  it('exits 1 on bad configuration, naming every bad variable without a stack trace', async () => {
    const r = await run(['migrate'], { PORT: 'abc', DATABASE_URL: 'mysql://x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT/);
    expect(r.stderr).toMatch(/DATABASE_URL/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

for (const dialect of DIALECTS) {
  describe(`fieldkeep demo, tenant and user commands (${dialect})`, () => {
    let pg: TestDatabase | undefined;
    let env: Record<string, string | undefined>;
    beforeAll(async () => {
      const dataDir = tmpDir(dialect);
      if (dialect === 'postgres') pg = await createTestDatabase('postgres', 'cli');
      env = { FIELDKEEP_DATA_DIR: dataDir, DATABASE_URL: pg?.databaseUrl };
    });
    afterAll(async () => {
      await pg?.drop();
      if (env?.FIELDKEEP_DATA_DIR) fs.rmSync(env.FIELDKEEP_DATA_DIR, { recursive: true, force: true });
    });

    it('migrates an empty database, then finds it up to date', { timeout: 120_000 }, async () => {
      const first = await run(['migrate'], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Applied: \d+_initial/);
      const second = await run(['migrate'], env);
      expect(second).toMatchObject({ code: 0, stdout: 'The database is up to date.\n' });
    });

    it('creates the demo tenant once and prints its sign-ins', { timeout: 120_000 }, async () => {
      const short = await run(['demo', '--password', 'short'], env);
      expect(short.code).toBe(1);
      expect(short.stderr).toMatch(/at least 10 characters/);

      const r = await run(['demo', '--password', DEMO_PASSWORD], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const login of ['admin@demo.test', 'office@demo.test', 'eng1@demo.test', 'eng5@demo.test', 'client@demo.test']) {
        expect(r.stdout).toContain(login);
      }
      expect(r.stdout).toContain(DEMO_PASSWORD);
      if (pg) {
        // It landed in the schema DATABASE_URL names, not somewhere else on the server.
        const users = await pg.database.db.selectFrom('users').select('login').execute();
        expect(users.map((u) => u.login)).toContain('eng1@demo.test');
      } else {
        expect(fs.existsSync(path.join(env.FIELDKEEP_DATA_DIR!, 'fieldkeep.sqlite'))).toBe(true);
      }

      const again = await run(['demo', '--password', DEMO_PASSWORD], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/demo tenant already exists/i);
      expect(again.stdout).not.toContain('admin@demo.test');
    });

    it('adds a user who signs in with a username, lists it and flags it has no email', { timeout: 120_000 }, async () => {
      const add = await run(['user', 'add', '--tenant', 'demo', '--name', 'Xavier Xu', '--login', 'x1', '--role', 'engineer', '--password', 'x1-password-1'], env);
      expect(add.stderr).toBe('');
      expect(add.code).toBe(0);
      expect(add.stdout).toMatch(/Added Xavier Xu <x1> as engineer/);

      const list = await run(['user', 'list', '--tenant', 'demo'], env);
      expect(list.code).toBe(0);
      const line = (login: string) => list.stdout.split('\n').find((l) => l.split(/\s+/)[1] === login) ?? '';
      expect(line('x1')).toMatch(/Xavier Xu/);
      expect(line('x1')).toMatch(/no email/);
      expect(line('admin@demo.test')).not.toMatch(/no email/);
      expect(line('eng1@demo.test')).toMatch(/^engineer/);

      const dup = await run(['user', 'add', '--tenant', 'demo', '--name', 'Other', '--login', 'X1', '--role', 'office', '--password', 'x1-password-2'], env);
      expect(dup.code).toBe(1);
      const noTenant = await run(['user', 'list', '--tenant', 'nope'], env);
      expect(noTenant.code).toBe(1);
      expect(noTenant.stderr).toMatch(/No tenant with slug nope/);
    });

    it('creates a tenant and refuses a second with the same slug', { timeout: 120_000 }, async () => {
      const r = await run(['tenant', 'create', '--name', 'Acme Repairs', '--slug', 'acme'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Created tenant Acme Repairs \(acme\)/);
      const again = await run(['tenant', 'create', '--name', 'Acme Again', '--slug', 'acme'], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists already/);
      const emptyList = await run(['user', 'list', '--tenant', 'acme'], env);
      expect(emptyList).toMatchObject({ code: 0, stdout: '' });
    });
  });

  describe(`fieldkeep serve (${dialect})`, () => {
    let pg: TestDatabase | undefined;
    const dirs: string[] = [];
    const freshEnv = async () => {
      const dir = tmpDir(`serve-${dialect}`);
      dirs.push(dir);
      if (dialect === 'sqlite') return { FIELDKEEP_DATA_DIR: dir };
      await pg?.drop();
      pg = await createTestDatabase('postgres', 'cli-serve');
      return { FIELDKEEP_DATA_DIR: dir, DATABASE_URL: pg.databaseUrl };
    };
    afterAll(async () => {
      await pg?.drop();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    it('--demo seeds an empty database once, prints the sign-ins, and serves them', { timeout: 120_000 }, async () => {
      const env = await freshEnv();
      const first = await serve(['--demo', '--demo-password', DEMO_PASSWORD], env);
      try {
        expect(first.output()).toMatch(/Demo tenant .* created/);
        expect(first.output()).toContain('admin@demo.test');
        expect(first.output()).toContain('eng1@demo.test');
        expect(first.output()).toContain(DEMO_PASSWORD);
        const ready = await fetch(`${first.url}/health/ready`);
        expect(ready.status).toBe(200);
        expect((await signIn(first.url, 'eng1@demo.test', DEMO_PASSWORD)).status).toBe(200);
        expect((await signIn(first.url, 'eng1@demo.test', 'not-the-password')).status).toBe(401);
      } finally {
        expect(await first.stop()).toBe(0);
      }

      const second = await serve(['--demo', '--demo-password', 'another-password'], env);
      try {
        expect(second.output()).not.toMatch(/Demo tenant/);
        expect(second.output()).not.toContain('admin@demo.test');
        expect((await signIn(second.url, 'admin@demo.test', DEMO_PASSWORD)).status).toBe(200);
        expect((await signIn(second.url, 'admin@demo.test', 'another-password')).status).toBe(401);
      } finally {
        expect(await second.stop()).toBe(0);
      }
      const list = await run(['user', 'list', '--tenant', 'demo'], env);
      expect(list.stdout.trim().split('\n').filter((l) => l.includes('@demo.test'))).toHaveLength(8);
    });

    it('without --demo creates no tenant on an empty database', { timeout: 120_000 }, async () => {
      const env = await freshEnv();
      const s = await serve([], env);
      try {
        expect(s.output()).not.toMatch(/Demo tenant/);
        expect((await fetch(`${s.url}/health/ready`)).status).toBe(200);
        expect((await signIn(s.url, 'admin@demo.test', DEMO_PASSWORD)).status).toBe(401);
      } finally {
        expect(await s.stop()).toBe(0);
      }
      const list = await run(['user', 'list', '--tenant', 'demo'], env);
      expect(list.code).toBe(1);
      expect(list.stderr).toMatch(/No tenant with slug demo/);
      if (pg) expect(await pg.database.db.selectFrom('tenants').select('id').execute()).toEqual([]);

      // --demo only seeds a database without any tenant: one that serves a real contractor stays as it is.
      expect((await run(['tenant', 'create', '--name', 'Acme Repairs', '--slug', 'acme'], env)).code).toBe(0);
      const demo = await serve(['--demo', '--demo-password', DEMO_PASSWORD], env);
      try {
        expect(demo.output()).not.toMatch(/Demo tenant/);
        expect((await signIn(demo.url, 'admin@demo.test', DEMO_PASSWORD)).status).toBe(401);
      } finally {
        expect(await demo.stop()).toBe(0);
      }
    });
  });
}
