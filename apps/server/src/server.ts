import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { AppContext } from './context.js';
import { migrateToLatest, openDatabase, type Database } from './db/database.js';
import { getOrCreateInstanceId } from './db/instance.js';
import { buildApp, type BuiltApp } from './http/app.js';
import { OutboxWorker } from './mail/outbox.worker.js';
import { createTransport } from './mail/transport.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The built apps, beside the server in the repository (apps/office/dist, apps/field/dist). */
export const DEFAULT_OFFICE_DIST = path.resolve(here, '../../office/dist');
export const DEFAULT_FIELD_DIST = path.resolve(here, '../../field/dist');

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'fieldkeep' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export interface RunningServer extends BuiltApp {
  ctx: AppContext;
  worker: OutboxWorker;
  instanceId: string;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  /** Open this database instead of the configured one (tests pass a per-file SQLite file or PG schema). */
  database?: Database;
  officeDist?: string;
  fieldDist?: string;
  /** Runs after migrations, before listening (the demo seed). */
  beforeListen?: (ctx: AppContext) => Promise<void>;
  /** Start the outbox worker's timer (tests drive `worker.runOnce()` themselves). */
  startWorker?: boolean;
  listen?: boolean;
}

/** Opens the database, migrates, builds the app, starts the workers and listens. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database = opts.database ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) log.info({ applied }, 'database migrated');
  const instanceId = await getOrCreateInstanceId(database.db);
  const holder: { worker?: OutboxWorker } = {};
  const ctx: AppContext = {
    config,
    database,
    clock: opts.clock ?? systemClock,
    log,
    wakeOutbox: () => holder.worker?.wake(),
  };
  const worker = new OutboxWorker(ctx, createTransport({ smtpUrl: config.smtpUrl, from: config.smtpFrom, dataDir: config.dataDir }));
  holder.worker = worker;
  await opts.beforeListen?.(ctx);
  const built = await buildApp(ctx, {
    instanceId,
    officeDist: opts.officeDist ?? DEFAULT_OFFICE_DIST,
    fieldDist: opts.fieldDist ?? DEFAULT_FIELD_DIST,
  });
  if (config.tls) {
    // Fastify takes TLS at construction; with certificates configured we put a TLS server in front.
    log.info('TLS certificates configured');
  }
  let url = '';
  if (opts.listen !== false) {
    if (config.tls) {
      await built.app.ready();
      const server = https.createServer(
        { cert: fs.readFileSync(config.tls.cert), key: fs.readFileSync(config.tls.key) },
        (req, res) => built.app.routing(req, res),
      );
      await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
      built.app.addHook('onClose', (_i, done) => server.close(() => done()));
      url = `https://localhost:${(server.address() as { port: number }).port}`;
    } else {
      url = await built.app.listen({ port: config.port, host: config.host });
    }
  } else {
    await built.app.ready();
  }
  if (opts.startWorker !== false) worker.start();
  return {
    ...built,
    ctx,
    worker,
    instanceId,
    url,
    async close() {
      await built.app.close();
      await worker.stop();
      await database.close();
    },
  };
}
