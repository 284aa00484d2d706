import type { LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { ManualClock } from '../clock.js';
import { parseConfig } from '../config/config.js';
import type { Dialect } from '../db/database.js';
import { startServer, type RunningServer } from '../server.js';
import { createTestDatabase, type TestDatabase } from './dialects.js';

export interface TestServer extends RunningServer {
  clock: ManualClock;
  testDb: TestDatabase;
  /** Calls the API in-process (real routing, validation and database; no socket). */
  call(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string>; ip?: string }): Promise<LightMyRequestResponse>;
  /** Signs in and answers the bearer token. */
  signIn(login: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'correct-horse-battery';

/**
 * A real server on a fresh database, with a manual clock and no listening socket. `env` adds
 * configuration (SMTP_URL for mail tests). Pass `listen: true` for a real port.
 */
export async function startTestServer(
  dialect: Dialect,
  opts: { env?: Record<string, string>; listen?: boolean; label?: string } = {},
): Promise<TestServer> {
  const testDb = await createTestDatabase(dialect, opts.label);
  const config = parseConfig({
    FIELDKEEP_DATA_DIR: testDb.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    FIELDKEEP_PUBLIC_URL: 'http://fieldkeep.test',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const clock = new ManualClock(new Date('2026-11-23T09:00:00.000Z'));
  const server = await startServer(config, {
    clock,
    database: testDb.database,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    startWorker: false,
    listen: opts.listen ?? false,
    officeDist: '/nonexistent',
    fieldDist: '/nonexistent',
  });
  const call: TestServer['call'] = (method, url, o = {}) =>
    server.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: o.ip ?? '127.0.0.1',
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { payload: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}),
    });
  return {
    ...server,
    clock,
    testDb,
    call,
    async signIn(login, password) {
      const res = await call('POST', '/api/auth/login', { body: { email: login, password }, ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${login} failed: ${res.statusCode} ${res.body}`);
      return res.json<{ token: string }>().token;
    },
    async stop() {
      server.hub.stop();
      await server.replica?.stop();
      await server.app.close();
      await server.worker.stop();
      await testDb.drop();
    },
  };
}
