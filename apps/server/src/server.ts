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
import { startBackupSchedule } from './backup/schedule.js';
import { ReplicationHub } from './replication/hub.js';
import { startCompactionSchedule } from './replication/compaction.js';
import { startIntegritySchedule } from './status/integrity.js';
import { startPackSchedule } from './pack/pack.schedule.js';
import { becomeReplica, checkForNewerEpoch, FormerPrimaryFencer } from './replication/lifecycle.js';
import { ReplicaRunner, type ReplicaOptions } from './replication/replica.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The built apps, beside the server in the repository (apps/office/dist, apps/field/dist). */
export const DEFAULT_OFFICE_DIST = path.resolve(here, '../../office/dist');
export const DEFAULT_FIELD_DIST = path.resolve(here, '../../field/dist');

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'fieldkeep' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export interface RunningServer extends BuiltApp {
  ctx: AppContext;
  hub: ReplicationHub;
  /** Set when this server runs as an office replica. */
  replica: ReplicaRunner | undefined;
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
  /** Run as an office replica of this primary (`fieldkeep replica`). */
  replica?: Omit<ReplicaOptions, 'ownUrl'>;
}

/** Opens the database, migrates, builds the app, starts the workers and listens. */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database =
    opts.database ??
    openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      // PostgreSQL with a synchronous standby: a COMMIT waiting for a missing standby is bounded.
      ...(config.ack === 'replicated' && config.databaseUrl ? { syncCommitTimeoutMs: config.ackTimeoutMs, syncCommitLog: log } : {}),
    });
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
  if (opts.replica) await becomeReplica(database, opts.replica.primaryUrl, opts.replica.token);
  const hub = new ReplicationHub(ctx, instanceId);
  await hub.start();
  if (!opts.replica && hub.state.role === 'replica') {
    hub.stop();
    throw new Error('This data dir holds an office replica: run `fieldkeep replica`, or `fieldkeep promote` to make it the primary.');
  }
  if (!opts.replica) await checkForNewerEpoch(ctx, hub);
  const worker = new OutboxWorker(ctx, createTransport({ smtpUrl: config.smtpUrl, from: config.smtpFrom, dataDir: config.dataDir }));
  holder.worker = worker;
  await opts.beforeListen?.(ctx);
  const built = await buildApp(ctx, {
    instanceId,
    officeDist: opts.officeDist ?? DEFAULT_OFFICE_DIST,
    fieldDist: opts.fieldDist ?? DEFAULT_FIELD_DIST,
    hub,
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
  // A replica sends no mail and runs no schedules: the primary does, and will again.
  if (opts.startWorker !== false && !opts.replica) worker.start();
  const backups = opts.startWorker !== false && !opts.replica ? startBackupSchedule(ctx) : undefined;
  const packs = opts.startWorker !== false && !opts.replica ? startPackSchedule(ctx) : undefined;
  // The integrity check only reads: a replica checks its own copy too.
  const integrity = opts.startWorker !== false ? startIntegritySchedule(ctx) : undefined;
  // Every server keeps a log (a replica's is what its own replicas would follow after a promote).
  const compaction = opts.startWorker !== false ? startCompactionSchedule(ctx) : undefined;
  const replica = opts.replica ? new ReplicaRunner(ctx, hub, built.blobStore, { ...opts.replica, ownUrl: config.publicUrl }) : undefined;
  replica?.start();
  const fencer = new FormerPrimaryFencer(ctx, hub);
  if (hub.state.formerPrimary && !hub.state.formerPrimary.told) fencer.start();
  return {
    ...built,
    ctx,
    hub,
    replica,
    worker,
    instanceId,
    url,
    async close() {
      fencer.stop();
      await replica?.stop();
      hub.stop();
      await built.app.close();
      await backups?.stop();
      await integrity?.stop();
      await compaction?.stop();
      await packs?.stop();
      await worker.stop();
      await database.close();
    },
  };
}
